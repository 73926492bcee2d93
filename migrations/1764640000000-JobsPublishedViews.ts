import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models the jobs module publishes for the careers site and feeds (postings), so postings reads
 * jobs' facts without naming jobs' tables (see DEVELOPING.md "Table ownership"):
 *
 * - `job_listings`: one row per job with what a public posting shows, its department and its offices
 *   (JSON in the job's office order, and their ids for filtering);
 * - `org_units`: the organization's departments and offices in one shape (kind, id, name, parent, place).
 *
 * Plain views (inlined by the planner, so a posting page stays one query); `security_invoker` so they
 * read with the caller's rights and any row-level policy of the tables underneath applies.
 */
export class JobsPublishedViews1764640000000 implements MigrationInterface {
  name = 'JobsPublishedViews1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE VIEW job_listings WITH (security_invoker = true) AS
       SELECT j.id AS job_id, j.organization_id, j.title, j.description_html, j.work_model, j.remote_countries, j.employment_type, j.seniority,
              j.salary_min, j.salary_max, j.salary_currency, j.salary_period, j.updated_at,
              d.id AS department_id, d.name AS department_name,
              COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'city', o.city, 'region', o.region, 'country', o.country,
                                                          'postalCode', o.postal_code, 'streetAddress', o.street_address) ORDER BY jo.position)
                          FROM job_offices jo JOIN offices o ON o.id = jo.office_id WHERE jo.job_id = j.id), '[]'::json) AS offices,
              ARRAY(SELECT jo.office_id FROM job_offices jo WHERE jo.job_id = j.id) AS office_ids
         FROM jobs j LEFT JOIN departments d ON d.id = j.department_id`,
    );
    await q.query(
      `CREATE VIEW org_units WITH (security_invoker = true) AS
       SELECT 'department'::text AS kind, id, organization_id, name, parent_id, NULL::text AS city, NULL::text AS region, NULL::text AS country FROM departments
       UNION ALL
       SELECT 'office'::text, id, organization_id, name, parent_id, city, region, country FROM offices`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW org_units`);
    await q.query(`DROP VIEW job_listings`);
  }
}
