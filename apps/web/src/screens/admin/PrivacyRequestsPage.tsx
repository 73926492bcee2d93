import { Button, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, downloadFile, Schemas, unwrap } from '../../api/client';
import { label } from '../../app/labels';
import { ErrorAlert, fmtDate, Loading, PageTitle } from '../../components/common';

type Request = Schemas['PrivacyRequestDto'];

const OPEN = ['unconfirmed', 'awaiting_admin', 'confirmed'];

/** The queue of candidates' data and deletion requests from the careers page: status, deadline, fulfil or reject with a reason. */
export default function PrivacyRequestsPage() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<'open' | 'closed'>('open');
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const requests = useInfiniteQuery({
    queryKey: ['privacy-requests', state],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/v1/privacy/requests', { params: { query: { state, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['privacy-requests'] });
  const fulfil = useMutation({
    mutationFn: (r: Request) => unwrap(api.POST('/v1/privacy/requests/{id}/fulfil', { params: { path: { id: r.id } } })),
    onSuccess: refresh,
  });
  const reject = useMutation({
    mutationFn: (r: Request) => unwrap(api.POST('/v1/privacy/requests/{id}/reject', { params: { path: { id: r.id } }, body: { reason } })),
    onSuccess: () => {
      setRejecting(null);
      setReason('');
      void refresh();
    },
  });
  const download = useMutation({ mutationFn: (id: string) => downloadFile(`/v1/privacy/exports/${id}/download`, `candidate-data-${id}.zip`) });
  const list = requests.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageTitle sub="Candidates ask for a copy of their data or its deletion from the careers page. Check who asked, then fulfil or reject each request before its deadline.">
        Privacy requests
      </PageTitle>
      <Stack>
        <SegmentedControl
          aria-label="Which requests"
          value={state}
          onChange={(v) => setState(v === 'closed' ? 'closed' : 'open')}
          data={[
            { value: 'open', label: 'To handle' },
            { value: 'closed', label: 'Handled' },
          ]}
        />
        <ErrorAlert error={requests.error ?? fulfil.error ?? reject.error ?? download.error} />
        {requests.isPending ? (
          <Loading />
        ) : list.length === 0 ? (
          <Text c="dimmed">No requests here.</Text>
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Privacy requests (scrolls sideways)">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email address</Table.Th>
                  <Table.Th>Request</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Received</Table.Th>
                  <Table.Th>Deadline</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{r.email}</Table.Td>
                    <Table.Td>{label('privacyRequestKind', r.kind)}</Table.Td>
                    <Table.Td>
                      {label('privacyRequestStatus', r.status)}
                      {r.rejectReason ? ` (${r.rejectReason})` : ''}
                    </Table.Td>
                    <Table.Td>{fmtDate(r.createdAt)}</Table.Td>
                    <Table.Td>{fmtDate(r.deadlineAt)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {r.exportId && (
                          <Button size="xs" variant="default" loading={download.isPending} onClick={() => download.mutate(r.exportId!)}>
                            Download their data
                          </Button>
                        )}
                        {OPEN.includes(r.status) && (
                          <>
                            <Button size="xs" loading={fulfil.isPending && fulfil.variables?.id === r.id} onClick={() => fulfil.mutate(r)}>
                              {r.kind === 'access' ? 'Prepare their data' : 'Delete their data'}
                            </Button>
                            <Button size="xs" variant="default" onClick={() => setRejecting(r.id)}>
                              Reject
                            </Button>
                          </>
                        )}
                      </Group>
                      {rejecting === r.id && (
                        <Group mt="xs" align="end">
                          <TextInput label="Why are you rejecting it?" value={reason} maxLength={1000} onChange={(e) => setReason(e.currentTarget.value)} />
                          <Button size="xs" color="red" disabled={!reason.trim()} onClick={() => reject.mutate(r)}>
                            Reject request
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {requests.hasNextPage && (
          <Button variant="default" onClick={() => void requests.fetchNextPage()}>
            Show more
          </Button>
        )}
      </Stack>
    </>
  );
}
