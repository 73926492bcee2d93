import { type BoardPosting, locationName } from '../board-content.js';
import { jobUrl, type OrgProfile } from './org-profile.js';

/** Greenhouse encodes the HTML of `content` as entities (e.g. `&lt;p&gt;`). */
export function entityEncode(html: string): string {
  return html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface GhDepartment {
  id: number;
  name: string;
  parent_id: number | null;
  child_ids: number[];
}

export interface GhOffice {
  id: number;
  name: string;
  location: string;
  parent_id: number | null;
  child_ids: number[];
}

export interface DirectoryEntry {
  id: string;
  publicId: number;
  name: string;
  parentId: string | null;
  location?: string;
}

/** Departments or offices of an organization with integer ids and child lists. */
export class Directory {
  private readonly byId = new Map<string, DirectoryEntry>();
  private readonly children = new Map<string, DirectoryEntry[]>();

  constructor(readonly entries: DirectoryEntry[]) {
    for (const e of entries) this.byId.set(e.id, e);
    for (const e of entries) if (e.parentId) this.children.set(e.parentId, [...(this.children.get(e.parentId) ?? []), e]);
  }

  get(id: string): DirectoryEntry | undefined {
    return this.byId.get(id);
  }

  byPublicId(publicId: number): DirectoryEntry | undefined {
    return this.entries.find((e) => e.publicId === publicId);
  }

  childrenOf(id: string): DirectoryEntry[] {
    return this.children.get(id) ?? [];
  }

  roots(): DirectoryEntry[] {
    return this.entries.filter((e) => !e.parentId || !this.byId.has(e.parentId));
  }

  parentPublicId(e: DirectoryEntry): number | null {
    return e.parentId ? (this.byId.get(e.parentId)?.publicId ?? null) : null;
  }
}

export function ghJobSummary(p: BoardPosting, org: OrgProfile) {
  return {
    id: p.publicId,
    internal_job_id: p.jobPublicId,
    title: p.title,
    updated_at: new Date(p.updatedAt).toISOString(),
    requisition_id: p.jobPublicId === null ? null : String(p.jobPublicId),
    location: { name: locationName(p) },
    absolute_url: jobUrl(org, p.publicId),
    language: 'en',
    metadata: null,
  };
}

export function ghDepartment(e: DirectoryEntry, dir: Directory): GhDepartment {
  return { id: e.publicId, name: e.name, parent_id: dir.parentPublicId(e), child_ids: dir.childrenOf(e.id).map((c) => c.publicId) };
}

export function ghOffice(e: DirectoryEntry, dir: Directory): GhOffice {
  return { id: e.publicId, name: e.name, location: e.location ?? '', parent_id: dir.parentPublicId(e), child_ids: dir.childrenOf(e.id).map((c) => c.publicId) };
}

/** A job with `content`, departments and offices, as `?content=true` and the single-job endpoint return. */
export function ghJobWithContent(p: BoardPosting, org: OrgProfile, departments: Directory, offices: Directory) {
  const dept = p.departmentId ? departments.get(p.departmentId) : undefined;
  return {
    ...ghJobSummary(p, org),
    content: entityEncode(p.descriptionHtml),
    departments: dept ? [ghDepartment(dept, departments)] : [],
    offices: p.offices
      .map((o) => offices.get(o.id))
      .filter((o): o is DirectoryEntry => !!o)
      .map((o) => ghOffice(o, offices)),
  };
}

/** The application questions of a job, in Greenhouse's shape. */
export const APPLICATION_QUESTIONS = [
  { required: true, label: 'First Name', fields: [{ name: 'first_name', type: 'input_text', values: [] }] },
  { required: true, label: 'Last Name', fields: [{ name: 'last_name', type: 'input_text', values: [] }] },
  { required: true, label: 'Email', fields: [{ name: 'email', type: 'input_text', values: [] }] },
  { required: false, label: 'Phone', fields: [{ name: 'phone', type: 'input_text', values: [] }] },
  {
    required: true,
    label: 'Resume/CV',
    fields: [
      { name: 'resume', type: 'input_file', values: [] },
      { name: 'resume_text', type: 'textarea', values: [] },
    ],
  },
  {
    required: false,
    label: 'Cover Letter',
    fields: [
      { name: 'cover_letter', type: 'input_file', values: [] },
      { name: 'cover_letter_text', type: 'textarea', values: [] },
    ],
  },
];
