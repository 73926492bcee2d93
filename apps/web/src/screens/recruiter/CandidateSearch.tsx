import { Alert, Anchor, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import type { CandidatesNotice } from './DeleteCandidate';

export default function CandidateSearch() {
  // A notice another screen left on the way here (a candidate was deleted), until dismissed. It is taken off the history
  // entry at once: the browser keeps an entry's state across a reload, which brought the notice back every time.
  const location = useLocation();
  const navigate = useNavigate();
  const arrived = (location.state as Partial<CandidatesNotice> | null)?.notice;
  const [notice, setNotice] = useState(arrived);
  useEffect(() => {
    if (arrived) void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [arrived, location.pathname, location.search, navigate]);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const results = useInfiniteQuery({
    queryKey: ['candidates', debounced],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/candidates', { params: { query: { q: debounced || undefined, limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = results.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Searches names, emails, tags and resume text; prefixes and small typos still match.">Candidates</PageTitle>
      {notice && (
        <Alert color="green" variant="light" mb="md" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <TextInput
        label="Search candidates"
        placeholder="e.g. kubernetes, ada lovlace"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={420}
        mb="md"
        role="searchbox"
      />
      <ErrorAlert error={results.error} />
      {results.isPending ? (
        <Loading label="Searching" />
      ) : (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Tags</Table.Th>
                <Table.Th>Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/candidates/${c.id}`}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.emails[0]}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {c.tags.map((t) => (
                        <Badge key={t} variant="light" size="sm">
                          {t}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.source ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {rows.length === 0 && !results.isPending && <Text>No candidates found.</Text>}
      {results.hasNextPage && (
        <Button variant="default" mt="md" onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
          More results
        </Button>
      )}
    </>
  );
}
