import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService, decodeCursor, encodeCursor, Page, TenantContext } from '../../../platform/src/index.js';
import type { AuthUser } from '../auth/auth-user.js';
import { IdentityErrorCode, IdentityException } from '../identity.exception.js';
import { Role } from '../role.js';
import { ApiScope } from './api-scopes.js';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, ListApiKeysQueryDto } from './dto/api-key.dto.js';

export const API_KEY_PREFIX = 'hl_';
/** Random bytes in a key: 32 (256 bits), written in base62 (43 characters). */
const KEY_BYTES = 32;
const KEY_BODY_LENGTH = 43;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** `last_used_at` is written at most this often per key: a busy key costs one UPDATE a minute, not one per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** Whether a bearer token is shaped like an API key (the auth guard then checks it here, never as a JWT). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

function base62(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(KEY_BODY_LENGTH, '0');
}

/** SHA-256 is enough for a 256-bit random key: nothing to brute-force, and lookups stay one index probe. */
function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

interface KeyRow {
  id: string;
  organization_id: string;
  key_hash: Buffer;
  scopes: ApiScope[];
  created_by: string;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  email: string;
  user_name: string;
  user_roles: Role[];
  user_active: boolean;
}

/**
 * API keys: created by admins, shown once, stored hashed, revoked at once. A key acts for the admin who created it,
 * with the admin role bounded by its scopes (route-scopes.ts decides which scope each route needs); it stops working
 * when revoked, past its expiry, or when its creator is no longer an active admin. The audit log names the key.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new IdentityException(IdentityErrorCode.ApiKeyExpiryInPast, 'The expiry date must be in the future.', {
        errors: [{ field: 'expiresAt', message: 'must be in the future' }],
      });
    }
    const key = API_KEY_PREFIX + base62(randomBytes(KEY_BYTES));
    const prefix = key.slice(0, API_KEY_PREFIX.length + 6);
    const scopes = [...new Set(input.scopes)].sort();
    return this.txHost.withTransaction(async () => {
      const [row] = await this.txHost.tx.query<Array<{ id: string }>>(
        `INSERT INTO api_keys (organization_id, name, prefix, key_hash, scopes, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [actor.organizationId, input.name, prefix, hashKey(key), scopes, actor.id, input.expiresAt ?? null],
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'api_key',
        entityId: row.id,
        action: 'create',
        changes: { name: { to: input.name }, scopes: { to: scopes }, expiresAt: { to: input.expiresAt?.toISOString() ?? null }, apiKey: {} },
      });
      return { id: row.id, name: input.name, prefix, scopes, expiresAt: input.expiresAt?.toISOString() ?? null, key };
    });
  }

  /** Keys not revoked, newest first (keyset pages), with their creator's name. */
  async list(actor: AuthUser, query: ListApiKeysQueryDto): Promise<Page<ApiKeyDto>> {
    const params: unknown[] = [actor.organizationId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(createdAt, id);
      after = 'AND (k.created_at, k.id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.txHost.tx.query<
      Array<{
        id: string;
        name: string;
        prefix: string;
        scopes: ApiScope[];
        expires_at: Date | null;
        created_at: Date;
        created_at_text: string;
        last_used_at: Date | null;
        created_by: string | null;
        creator_name: string | null;
      }>
    >(
      `SELECT k.id, k.name, k.prefix, k.scopes, k.expires_at, k.created_at, k.created_at::text AS created_at_text, k.last_used_at, k.created_by, u.name AS creator_name
         FROM api_keys k LEFT JOIN users u ON u.organization_id = k.organization_id AND u.id = k.created_by
        WHERE k.organization_id = $1 AND k.revoked_at IS NULL ${after}
        ORDER BY k.created_at DESC, k.id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        scopes: r.scopes,
        expiresAt: r.expires_at?.toISOString() ?? null,
        createdBy: r.created_by ? { id: r.created_by, name: r.creator_name ?? '' } : null,
        createdAt: r.created_at.toISOString(),
        lastUsedAt: r.last_used_at?.toISOString() ?? null,
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at_text, last.id]) : null,
    };
  }

  /** Revokes at once: the next request with the key is a 401. */
  async revoke(actor: AuthUser, id: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const [rows] = await this.txHost.tx.query<[Array<{ id: string }>, number]>(
        `UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id`,
        [actor.organizationId, id],
      );
      if (rows.length === 0) throw new IdentityException(IdentityErrorCode.ApiKeyNotFound, 'No such API key.');
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'api_key',
        entityId: id,
        action: 'revoke',
      });
    });
  }

  /** The actor an API key stands for, or null (unknown, revoked, expired, or its creator no longer an active admin). */
  async authenticate(key: string): Promise<AuthUser | null> {
    if (key.length !== API_KEY_PREFIX.length + KEY_BODY_LENGTH || !looksLikeApiKey(key)) return null;
    const hash = hashKey(key);
    // A key names its organization only through its hash: the lookup is by that unique hash, across organizations.
    const [row] = await TenantContext.crossTenant('an API key is found by its hash before its organization is known', () =>
      this.txHost.tx.query<KeyRow[]>(
        `SELECT k.id, k.organization_id, k.key_hash, k.scopes, k.created_by, k.expires_at, k.last_used_at, k.revoked_at,
                u.email, u.name AS user_name, u.roles AS user_roles, u.active AS user_active
           FROM api_keys k JOIN users u ON u.organization_id = k.organization_id AND u.id = k.created_by
          WHERE k.key_hash = $1`,
        [hash],
      ),
    );
    if (!row || !timingSafeEqual(row.key_hash, hash)) return null;
    if (row.revoked_at || (row.expires_at && row.expires_at.getTime() <= Date.now())) return null;
    if (!row.user_active || !row.user_roles.includes(Role.Admin)) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() >= LAST_USED_GRANULARITY_MS) this.touch(row.organization_id, row.id);
    return {
      id: row.created_by,
      organizationId: row.organization_id,
      email: row.email,
      name: row.user_name,
      roles: [Role.Admin],
      apiKeyId: row.id,
      scopes: row.scopes,
    };
  }

  /** Stamps last use (once a minute at most, guarded in SQL too), off the request's path. */
  private touch(organizationId: string, id: string): void {
    TenantContext.run(organizationId, () =>
      this.txHost.tx.query(
        `UPDATE api_keys SET last_used_at = now() WHERE organization_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [organizationId, id],
      ),
    ).catch((error: unknown) => this.logger.warn({ err: error }, 'Could not record when an API key was last used'));
  }
}
