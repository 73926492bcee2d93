import { Anchor, Badge, Button, Group, SegmentedControl, Select, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { label, options } from '../../app/labels';
import { ErrorAlert, fmtDay, Loading, PageTitle } from '../../components/common';

type Status = 'draft' | 'open' | 'on_hold' | 'closed';
type Seniority = 'junior' | 'mid' | 'senior' | 'staff';
type WorkModel = 'onsite' | 'hybrid' | 'remote';

export const STATUS_COLOR: Record<string, string> = { draft: 'gray', open: 'green', on_hold: 'orange', closed: 'red' };

export default function JobsList() {
  const { hasRole } = useAuth();
  const [status, setStatus] = useState<Status | null>(null);
  const [seniority, setSeniority] = useState<Seniority | null>(null);
  const [workModel, setWorkModel] = useState<WorkModel | null>(null);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const jobs = useInfiniteQuery({
    queryKey: ['jobs', status, seniority, workModel, debouncedQ],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/v1/jobs', {
          params: {
            query: {
              limit: 25,
              cursor: pageParam,
              status: status ?? undefined,
              seniority: seniority ?? undefined,
              workModel: workModel ?? undefined,
              q: debouncedQ || undefined,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = jobs.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <PageTitle>Jobs</PageTitle>
        {hasRole('admin', 'recruiter') && (
          <Button component={Link} to="/jobs/new">
            New job
          </Button>
        )}
      </Group>
      <Group mb="md" gap="sm" role="search" aria-label="Filter jobs">
        <TextInput label="Title" placeholder="Search titles" value={q} onChange={(e) => setQ(e.currentTarget.value)} w={220} />
        <Select label="Seniority" clearable w={150} data={options('seniority')} value={seniority} onChange={(v) => setSeniority(v as Seniority | null)} />
        <Select
          label="Work model"
          clearable
          w={150}
          data={options('workModel', ['onsite', 'hybrid', 'remote'])}
          value={workModel}
          onChange={(v) => setWorkModel(v as WorkModel | null)}
        />
      </Group>
      <SegmentedControl
        mb="md"
        aria-label="Show jobs by status"
        value={status ?? 'all'}
        onChange={(v) => setStatus(v === 'all' ? null : (v as Status))}
        data={[{ value: 'all', label: 'All' }, ...options('jobStatus')]}
      />
      <ErrorAlert error={jobs.error} />
      {jobs.isPending ? (
        <Loading label="Loading jobs" />
      ) : (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Seniority</Table.Th>
                <Table.Th>Work model</Table.Th>
                <Table.Th>Applicants</Table.Th>
                <Table.Th>Openings</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>
                  <span className="sr-only" style={{ position: 'absolute', left: -9999 }}>
                    Pipeline
                  </span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((job) => (
                <Table.Tr key={job.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/jobs/${job.id}`}>
                      {job.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[job.status]} variant="light">
                      {label('jobStatus', job.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{label('seniority', job.seniority)}</Table.Td>
                  <Table.Td>{label('workModel', job.workModel)}</Table.Td>
                  <Table.Td>
                    {job.activeApplicantCount} in process
                    {job.applicantCount > job.activeApplicantCount && (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        ({job.applicantCount} in all)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {job.filled}/{job.openings}
                  </Table.Td>
                  <Table.Td>{fmtDay(job.createdAt)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/jobs/${job.id}/pipeline`} aria-label={`Pipeline of ${job.title}`}>
                      Pipeline
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={8}>No jobs match these filters.</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {jobs.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void jobs.fetchNextPage()} loading={jobs.isFetchingNextPage}>
          Load more jobs
        </Button>
      )}
    </>
  );
}
