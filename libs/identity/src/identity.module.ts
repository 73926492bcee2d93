import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../../config/src/index.js';
import type { AppConfig } from '../../config/src/index.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { RateLimitService } from './api-keys/rate-limit.service.js';
import { AccountLinksController } from './account-links.controller.js';
import { AccountLinks } from './account-links.service.js';
import { AccountTokens } from './account-tokens.service.js';
import { AccountThrottle } from './auth/account-throttle.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthGuard } from './auth/auth.guard.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { LoginThrottleService } from './auth/login-throttle.service.js';
import { Organization } from './organization.entity.js';
import { OrganizationSettingsController } from './organization-settings.controller.js';
import { OrganizationsService } from './organizations.service.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Organizations, users, roles, sign-in, API keys, per-key and per-user rate limits and the global auth guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Organization, User]),
    JwtModule.registerAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, AccountLinksController, UsersController, OrganizationSettingsController, ApiKeysController],
  providers: [
    AuthService,
    AccountTokens,
    AccountLinks,
    AccountThrottle,
    UsersService,
    OrganizationsService,
    LoginThrottleService,
    JwtStrategy,
    ApiKeysService,
    RateLimitService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, OrganizationsService, AuthService, AccountTokens],
})
export class IdentityModule {}
