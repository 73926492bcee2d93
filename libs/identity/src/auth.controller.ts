import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblems } from '../../platform/src/index.js';
import { AuthService } from './auth.service.js';
import type { AuthUser } from './auth/auth-user.js';
import { Authenticated, CurrentUser } from './auth/authenticated.decorator.js';
import { OrganizationDto } from './dto/organization.dto.js';
import { AccessTokenDto, LoginDto, OrganizationRequiredProblemDto, RegisterDto, RegistrationDto } from './dto/register.dto.js';
import { ChangePasswordDto, UserDto } from './dto/user.dto.js';

class MeDto {
  @ApiProperty({ type: () => UserDto })
  user: UserDto;

  @ApiProperty({ type: () => OrganizationDto })
  organization: OrganizationDto;
}

@ApiTags('auth')
@Controller('v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/register')
  @ApiOperation({ summary: 'Create an organization and its first admin' })
  @ApiCreatedResponse({ type: RegistrationDto })
  @ApiProblems(400, 403, 409, 413)
  async register(@Body() body: RegisterDto): Promise<RegistrationDto> {
    const registration = await this.auth.signUp(body);
    return {
      accessToken: registration.accessToken,
      expiresIn: registration.expiresIn,
      user: UserDto.from(registration.user),
      organization: OrganizationDto.from(registration.organization),
    };
  }

  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in; repeated failures are answered 429 with Retry-After',
    description:
      'An email address may have an account in several organizations. When the password opens more than one of them and no `organizationSlug` is given, the answer is 409 `identity.organization_required` listing those organizations; send the request again with the chosen one as `organizationSlug`.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiProblems(400, 401, 429)
  @ApiExtraModels(OrganizationRequiredProblemDto)
  @ApiResponse({
    status: 409,
    description: 'The password opens accounts in several organizations: choose one (`organizations`) and send it as `organizationSlug`',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(OrganizationRequiredProblemDto) } } },
  })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<AccessTokenDto> {
    return this.auth.login(body, request.ip);
  }

  @Post('auth/password')
  @HttpCode(200)
  @Authenticated({ beforePasswordChange: true })
  @ApiOperation({
    summary: 'Choose a new password (required after signing in with a one-time password); ends every other session and answers a fresh token',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiProblems(400, 422, 429)
  changePassword(@CurrentUser() actor: AuthUser, @Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<AccessTokenDto> {
    return this.auth.changePassword(actor, body, request.ip);
  }

  @Post('auth/logout-all')
  @HttpCode(204)
  @Authenticated({ beforePasswordChange: true })
  @ApiOperation({ summary: 'Sign out everywhere: every token of the caller minted until now stops working (sign in again for a new one)' })
  @ApiNoContentResponse({ description: 'All earlier tokens are revoked' })
  async logoutAll(@CurrentUser() actor: AuthUser): Promise<void> {
    await this.auth.logoutAll(actor);
  }

  @Get('me')
  @Authenticated({ beforePasswordChange: true })
  @ApiOperation({ summary: 'The signed-in user and their organization' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() actor: AuthUser): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
