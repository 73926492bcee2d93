import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { AuthUser } from '../../identity/src/index.js';
import { AuditService, diffFields, isUniqueViolation, keysetPage, Page, PageQueryDto } from '../../platform/src/index.js';
import { Department } from './department.entity.js';
import { CreateDepartmentDto, CreateOfficeDto, UpdateDepartmentDto, UpdateOfficeDto } from './dto/organization-unit.dto.js';
import { JobsErrorCode, JobsException } from './jobs.exception.js';
import { Office } from './office.entity.js';

type Unit = typeof Department | typeof Office;

/** Departments and offices: organization resources jobs, postings and feeds refer to. */
@Injectable()
export class OrgUnitsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  // --- departments ---------------------------------------------------------------------------

  async createDepartment(actor: AuthUser, input: CreateDepartmentDto): Promise<Department> {
    return this.txHost.withTransaction(async () => {
      if (input.parentId) await this.assertUnit(Department, actor.organizationId, input.parentId, 'parentId');
      const department = await this.saveUnique(
        Department,
        this.txHost.tx.create(Department, { organizationId: actor.organizationId, name: input.name, parentId: input.parentId ?? null }),
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'department',
        entityId: department.id,
        action: 'create',
        changes: { name: { to: department.name }, parentId: { to: department.parentId } },
      });
      return department;
    });
  }

  listDepartments(actor: AuthUser, query: PageQueryDto): Promise<Page<Department>> {
    const qb = this.txHost.tx.getRepository(Department).createQueryBuilder('d').where('d.organization_id = :org', { org: actor.organizationId });
    return keysetPage(qb, {
      columns: [
        { expr: 'd.created_at', type: 'timestamp' },
        { expr: 'd.id', type: 'uuid' },
      ],
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async getDepartment(organizationId: string, id: string): Promise<Department> {
    const department = await this.txHost.tx.getRepository(Department).findOneBy({ id, organizationId });
    if (!department) throw new JobsException(JobsErrorCode.DepartmentNotFound, 'No such department.');
    return department;
  }

  async updateDepartment(actor: AuthUser, id: string, input: UpdateDepartmentDto): Promise<Department> {
    return this.txHost.withTransaction(async () => {
      const department = await this.txHost.tx.findOne(Department, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!department) throw new JobsException(JobsErrorCode.DepartmentNotFound, 'No such department.');
      const before = { ...department } as Record<string, unknown>;
      if (input.name !== undefined) department.name = input.name;
      if (input.parentId !== undefined) {
        if (input.parentId !== null) {
          await this.assertUnit(Department, actor.organizationId, input.parentId, 'parentId');
          await this.assertNoCycle('departments', id, input.parentId);
        }
        department.parentId = input.parentId;
      }
      if (input.archived !== undefined && input.archived !== (department.archivedAt !== null)) department.archivedAt = input.archived ? new Date() : null;
      const changes = diffFields(before, department as unknown as Record<string, unknown>, ['name', 'parentId', 'archivedAt']);
      if (Object.keys(changes).length === 0) return department;
      const saved = await this.saveUnique(Department, department);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'department',
        entityId: id,
        action: 'update',
        changes,
      });
      return saved;
    });
  }

  // --- offices -------------------------------------------------------------------------------

  async createOffice(actor: AuthUser, input: CreateOfficeDto): Promise<Office> {
    return this.txHost.withTransaction(async () => {
      if (input.parentId) await this.assertUnit(Office, actor.organizationId, input.parentId, 'parentId');
      const office = await this.saveUnique(
        Office,
        this.txHost.tx.create(Office, {
          organizationId: actor.organizationId,
          name: input.name,
          city: input.city,
          region: input.region,
          country: input.country,
          postalCode: input.postalCode ?? null,
          streetAddress: input.streetAddress ?? null,
          parentId: input.parentId ?? null,
        }),
      );
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'office',
        entityId: office.id,
        action: 'create',
        changes: { name: { to: office.name }, country: { to: office.country } },
      });
      return office;
    });
  }

  listOffices(actor: AuthUser, query: PageQueryDto): Promise<Page<Office>> {
    const qb = this.txHost.tx.getRepository(Office).createQueryBuilder('o').where('o.organization_id = :org', { org: actor.organizationId });
    return keysetPage(qb, {
      columns: [
        { expr: 'o.created_at', type: 'timestamp' },
        { expr: 'o.id', type: 'uuid' },
      ],
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async getOffice(organizationId: string, id: string): Promise<Office> {
    const office = await this.txHost.tx.getRepository(Office).findOneBy({ id, organizationId });
    if (!office) throw new JobsException(JobsErrorCode.OfficeNotFound, 'No such office.');
    return office;
  }

  async updateOffice(actor: AuthUser, id: string, input: UpdateOfficeDto): Promise<Office> {
    return this.txHost.withTransaction(async () => {
      const office = await this.txHost.tx.findOne(Office, { where: { id, organizationId: actor.organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!office) throw new JobsException(JobsErrorCode.OfficeNotFound, 'No such office.');
      const before = { ...office } as Record<string, unknown>;
      for (const key of ['name', 'city', 'region', 'country', 'postalCode', 'streetAddress'] as const) {
        if (input[key] !== undefined) (office as unknown as Record<string, unknown>)[key] = input[key];
      }
      if (input.parentId !== undefined) {
        if (input.parentId !== null) {
          await this.assertUnit(Office, actor.organizationId, input.parentId, 'parentId');
          await this.assertNoCycle('offices', id, input.parentId);
        }
        office.parentId = input.parentId;
      }
      if (input.archived !== undefined && input.archived !== (office.archivedAt !== null)) office.archivedAt = input.archived ? new Date() : null;
      const changes = diffFields(before, office as unknown as Record<string, unknown>, [
        'name',
        'city',
        'region',
        'country',
        'postalCode',
        'streetAddress',
        'parentId',
        'archivedAt',
      ]);
      if (Object.keys(changes).length === 0) return office;
      const saved = await this.saveUnique(Office, office);
      await this.audit.record({
        organizationId: actor.organizationId,
        actorId: actor.id,
        entityType: 'office',
        entityId: id,
        action: 'update',
        changes,
      });
      return saved;
    });
  }

  // --- used by jobs --------------------------------------------------------------------------

  /** Offices of the organization by id, in the order asked; 404 naming `<field>.<i>` for any unknown id. */
  async requireOffices(organizationId: string, ids: string[], field = 'officeIds'): Promise<Office[]> {
    if (ids.length === 0) return [];
    const found = await this.txHost.tx.find(Office, { where: { organizationId, id: In(ids) } });
    const byId = new Map(found.map((o) => [o.id, o]));
    const missing = ids.map((id, i) => (byId.has(id) ? null : { field: `${field}.${i}`, message: 'no such office' })).filter((e) => e !== null);
    if (missing.length) throw new JobsException(JobsErrorCode.OfficeNotFound, 'No such office.', { errors: missing });
    return ids.map((id) => byId.get(id) as Office);
  }

  /**
   * Refuses archived units a job is being given (422 naming each field): archived departments and offices are not
   * offered for new jobs, though jobs that already have one keep it. `keep` lists the ids the job already has.
   */
  assertNotArchived(department: Department | null, offices: Office[], keep: { departmentId?: string | null; officeIds?: string[] } = {}): void {
    const errors: Array<{ field: string; message: string }> = [];
    if (department?.archivedAt && department.id !== keep.departmentId) {
      errors.push({ field: 'departmentId', message: `The department ${department.name} is archived; choose another one.` });
    }
    offices.forEach((office, i) => {
      if (office.archivedAt && !(keep.officeIds ?? []).includes(office.id)) {
        errors.push({ field: `officeIds.${i}`, message: `The office ${office.name} is archived; choose another one.` });
      }
    });
    if (errors.length) throw new JobsException(JobsErrorCode.UnitArchived, errors.map((e) => e.message).join(' '), { errors });
  }

  async requireDepartment(organizationId: string, id: string, field = 'departmentId'): Promise<Department> {
    return this.assertUnit(Department, organizationId, id, field);
  }

  // --- internals -----------------------------------------------------------------------------

  private async assertUnit(unit: Unit, organizationId: string, id: string, field: string): Promise<Department | Office> {
    const found = await this.txHost.tx.findOneBy(unit, { id, organizationId });
    if (!found) {
      const department = unit === Department;
      throw new JobsException(
        department ? JobsErrorCode.DepartmentNotFound : JobsErrorCode.OfficeNotFound,
        department ? 'No such department.' : 'No such office.',
        {
          errors: [{ field, message: department ? 'no such department' : 'no such office' }],
        },
      );
    }
    return found;
  }

  /** A unit may not become its own ancestor. */
  private async assertNoCycle(table: 'departments' | 'offices', id: string, parentId: string): Promise<void> {
    const [row] = await this.txHost.tx.query<Array<{ cycle: boolean | null }>>(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM ${table} WHERE id = $1
         UNION ALL SELECT t.id, t.parent_id, up.depth + 1 FROM ${table} t JOIN up ON t.id = up.parent_id WHERE up.depth < 100
       ) SELECT bool_or(id = $2) AS cycle FROM up`,
      [parentId, id],
    );
    if (row?.cycle) {
      throw new JobsException(JobsErrorCode.InvalidParent, 'A unit cannot be nested under itself or one of its children.', {
        errors: [{ field: 'parentId', message: 'would create a cycle' }],
      });
    }
  }

  private async saveUnique<T extends Department | Office>(unit: Unit, entity: T): Promise<T> {
    try {
      return await this.txHost.tx.save(unit, entity);
    } catch (error) {
      if (isUniqueViolation(error)) {
        const department = unit === Department;
        throw new JobsException(
          department ? JobsErrorCode.DepartmentNameTaken : JobsErrorCode.OfficeNameTaken,
          `A ${department ? 'department' : 'office'} with this name already exists.`,
          {
            errors: [{ field: 'name', message: 'name is already taken' }],
          },
        );
      }
      throw error;
    }
  }
}
