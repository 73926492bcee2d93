import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConfig } from '../../../../libs/config/src/index.js';
import type { AppConfig } from '../../../../libs/config/src/index.js';
import { DemoOrganizationSeeder } from './demo-organization.service.js';
import { DEMO_ORGANIZATION_NAME, DEMO_ORGANIZATION_SLUG, DEMO_PASSWORD, DEMO_USERS } from './demo-plan.js';

export { DEMO_ORGANIZATION_SLUG, DEMO_PASSWORD } from './demo-plan.js';

export const DEMO_DOMAIN = 'demo.hireloop.dev';

/** Whether this process loads the demo organization: development only, unless DEMO_DATA=off. */
export function demoDataWanted(config: Pick<AppConfig, 'nodeEnv'>, env: Record<string, string | undefined> = process.env): boolean {
  return config.nodeEnv === 'development' && env.DEMO_DATA !== 'off';
}

/**
 * In development, each start makes sure the demo organization is there (creating only what is missing) and prints
 * where to sign in, with a login for every role. Never runs when NODE_ENV is production or test, nor when DEMO_DATA=off.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataSeeder.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly organization: DemoOrganizationSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!demoDataWanted(this.config)) return;
    let result;
    try {
      result = await this.organization.seed({ slug: DEMO_ORGANIZATION_SLUG, name: DEMO_ORGANIZATION_NAME, domain: DEMO_DOMAIN });
    } catch (error: unknown) {
      // Demo data is a convenience: the API still starts without it (DEMO_DATA=off silences this).
      this.logger.error({ err: error }, 'The demo organization could not be loaded (the API starts without it; DEMO_DATA=off skips it)');
      return;
    }
    const made = Object.entries(result.created)
      .filter(([, n]) => n > 0)
      .map(([what, n]) => `${n} ${what}`);
    this.logger.log(
      made.length ? `Demo organization "${DEMO_ORGANIZATION_SLUG}": added ${made.join(', ')}` : `Demo organization "${DEMO_ORGANIZATION_SLUG}" is up to date`,
    );
    console.log(demoBanner(this.config.publicBaseUrl));
  }
}

/** The sign-in the sign-in page offers while the demo organization is loaded: the recruiter's, where most of the product is. */
export function demoSignIn(): string {
  return `recruiter@${DEMO_DOMAIN} / ${DEMO_PASSWORD}`;
}

export function demoBanner(publicBaseUrl: string): string {
  const lines = DEMO_USERS.map((u) => `  ${u.roles.join(', ').replace(/_/g, ' ').padEnd(15)} ${u.local}@${DEMO_DOMAIN}`);
  return `\nDemo organization "${DEMO_ORGANIZATION_NAME}" is ready. Open ${publicBaseUrl}/app and sign in as (password ${DEMO_PASSWORD}):\n${lines.join('\n')}\n`;
}
