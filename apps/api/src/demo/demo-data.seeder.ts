import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConfig } from '../../../../libs/config/src/index.js';
import type { AppConfig } from '../../../../libs/config/src/index.js';
import { AuthService, OrganizationsService, Role, UsersService } from '../../../../libs/identity/src/index.js';
import { TenantContext } from '../../../../libs/platform/src/index.js';

export const DEMO_ORGANIZATION_SLUG = 'demo';
export const DEMO_PASSWORD = 'hireloop-demo-1';

export const DEMO_USERS: Array<{ email: string; name: string; roles: Role[] }> = [
  { email: 'admin@demo.hireloop.dev', name: 'Avery Admin', roles: [Role.Admin] },
  { email: 'recruiter@demo.hireloop.dev', name: 'Riley Recruiter', roles: [Role.Recruiter] },
  { email: 'manager@demo.hireloop.dev', name: 'Morgan Manager', roles: [Role.HiringManager] },
  { email: 'interviewer@demo.hireloop.dev', name: 'Indy Interviewer', roles: [Role.Interviewer] },
  { email: 'interviewer2@demo.hireloop.dev', name: 'Kai Interviewer', roles: [Role.Interviewer] },
];

/**
 * Outside production, the first start loads a demo organization with a user of every role and
 * prints their logins. Never runs when NODE_ENV is production or test, nor when DEMO_DATA=off.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataSeeder.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv !== 'development' || process.env.DEMO_DATA === 'off') return;
    const existing = await TenantContext.crossTenant('the demo seeder looks for its organization', () => this.organizations.findBySlug(DEMO_ORGANIZATION_SLUG));
    if (existing) return;
    const [admin, ...others] = DEMO_USERS;
    const registration = await this.auth.register({
      organizationName: 'Demo Robotics',
      organizationSlug: DEMO_ORGANIZATION_SLUG,
      name: admin.name,
      email: admin.email,
      password: DEMO_PASSWORD,
    });
    await TenantContext.run(registration.organization.id, () =>
      this.txHost.withTransaction(async () => {
        for (const user of others) {
          await this.users.insertUser(registration.organization.id, { ...user, password: DEMO_PASSWORD }, registration.user.id);
        }
      }),
    );
    const lines = DEMO_USERS.map((u) => `  ${u.roles.join(',').padEnd(15)} ${u.email}  /  ${DEMO_PASSWORD}`);
    this.logger.log(`Loaded the demo organization "${DEMO_ORGANIZATION_SLUG}"`);
    console.log(`\nDemo organization loaded. Sign in at ${this.config.publicBaseUrl}/v1/auth/login with:\n${lines.join('\n')}\n`);
  }
}
