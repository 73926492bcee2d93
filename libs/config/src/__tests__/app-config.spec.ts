import { ConfigValidationError, loadConfig } from '../app-config.js';

describe('loadConfig', () => {
  it('applies the documented development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/hireloop',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'hireloop',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('derives PUBLIC_BASE_URL from PORT and trims a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://jobs.example.com/' }).publicBaseUrl).toBe('https://jobs.example.com');
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['QUEUE_PREFIX', { QUEUE_PREFIX: 'has space' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://x' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes please' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['EGRESS_ALLOWLIST', { EGRESS_ALLOWLIST: '10.0.0.0/33' }],
    ['EGRESS_ALLOWLIST', { EGRESS_ALLOWLIST: 'http://boards.internal' }],
  ])('names %s when it is malformed', (variable, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigValidationError);
    expect(() => loadConfig(env)).toThrow(new RegExp(variable));
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), MAIL_DISABLED: 'true' }).jwtSecret).toBe('x'.repeat(40));
  });

  it('requires SMTP_URL in production unless mail is disabled, and checks its scheme', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/SMTP_URL: required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SMTP_URL: 'smtps://u:p@mail.example.com:465' }).smtpUrl).toBe(
      'smtps://u:p@mail.example.com:465',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL must be an smtp/);
    expect(loadConfig({}).smtpUrl).toBeNull();
  });

  it("treats mail variables docker compose passes empty ('') as unset", () => {
    expect(loadConfig({ SMTP_URL: '', MAIL_FROM: '', MAIL_DISABLED: '', INBOUND_DOMAIN: '', INBOUND_EMAIL_SECRET: '' }).smtpUrl).toBeNull();
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SMTP_URL: '' })).toThrow(/SMTP_URL: required when NODE_ENV=production/);
  });

  it('believes no proxy unless TRUST_PROXY says so, and reads hop counts and address lists', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('reads the egress allowlist and the metrics token', () => {
    expect(loadConfig({}).egressAllowlist).toEqual([]);
    expect(loadConfig({ EGRESS_ALLOWLIST: 'boards.internal, 10.1.0.0/16,127.0.0.1' }).egressAllowlist).toEqual(['boards.internal', '10.1.0.0/16', '127.0.0.1']);
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(20) }).metricsToken).toBe('m'.repeat(20));
  });

  it('keeps delivered outbox rows 14 days unless OUTBOX_RETENTION_DAYS says otherwise, and refuses a non-positive or fractional value', () => {
    expect(loadConfig({}).outboxRetentionDays).toBe(14);
    expect(loadConfig({ OUTBOX_RETENTION_DAYS: '30' }).outboxRetentionDays).toBe(30);
    expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '0' })).toThrow(/OUTBOX_RETENTION_DAYS: OUTBOX_RETENTION_DAYS must be at least 1/);
    expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '1.5' })).toThrow(/OUTBOX_RETENTION_DAYS must be a whole number of days/);
  });

  it('opens at most 20 database connections per process unless DATABASE_POOL_SIZE says otherwise, and refuses a bad size', () => {
    expect(loadConfig({}).databasePoolSize).toBe(20);
    expect(loadConfig({ DATABASE_POOL_SIZE: '8' }).databasePoolSize).toBe(8);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE: DATABASE_POOL_SIZE must be at least 1/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE must be an integer/);
  });

  it('gives the mail server 30 seconds a step unless SMTP_TIMEOUT_SECONDS says otherwise, and refuses a value outside 1–600 seconds', () => {
    expect(loadConfig({}).smtpTimeoutSeconds).toBe(30);
    expect(loadConfig({ SMTP_TIMEOUT_SECONDS: '' }).smtpTimeoutSeconds).toBe(30);
    expect(loadConfig({ SMTP_TIMEOUT_SECONDS: '5' }).smtpTimeoutSeconds).toBe(5);
    expect(() => loadConfig({ SMTP_TIMEOUT_SECONDS: '0' })).toThrow(/SMTP_TIMEOUT_SECONDS: SMTP_TIMEOUT_SECONDS must be at least 1/);
    expect(() => loadConfig({ SMTP_TIMEOUT_SECONDS: '3600' })).toThrow(/SMTP_TIMEOUT_SECONDS must be at most 600/);
    expect(() => loadConfig({ SMTP_TIMEOUT_SECONDS: 'soon' })).toThrow(/SMTP_TIMEOUT_SECONDS must be a whole number of seconds/);
  });

  it('lets anyone create an organization unless REGISTRATION=closed, and refuses any other value', () => {
    expect(loadConfig({}).registration).toBe('open');
    expect(loadConfig({ REGISTRATION: '' }).registration).toBe('open');
    expect(loadConfig({ REGISTRATION: 'closed' }).registration).toBe('closed');
    expect(() => loadConfig({ REGISTRATION: 'invite-only' })).toThrow(/REGISTRATION: REGISTRATION must be open or closed/);
  });
});
