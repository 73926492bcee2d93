import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, downloadFile, unwrap } from '../../api/client';
import { label } from '../../app/labels';
import { ErrorAlert, fmtDate } from '../../components/common';

/** Admins: export everything held about the candidate (a zip prepared in the background), its status, the download while it lasts. */
export function CandidateExportPanel({ candidateId }: { candidateId: string }) {
  const queryClient = useQueryClient();
  const exports = useQuery({
    queryKey: ['candidate-exports', candidateId],
    queryFn: () => unwrap(api.GET('/v1/candidates/{id}/exports', { params: { path: { id: candidateId } } })),
    // Poll while one is being prepared.
    refetchInterval: (q) => (q.state.data?.some((e) => e.status === 'pending') ? 3000 : false),
  });
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/candidates/{id}/export', { params: { path: { id: candidateId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['candidate-exports', candidateId] }),
  });
  const latest = exports.data?.[0];
  const download = useMutation({ mutationFn: (id: string) => downloadFile(`/v1/privacy/exports/${id}/download`, `candidate-data-${id}.zip`) });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">
        Their data
      </Title>
      <Text size="sm" mb="xs">
        A zip of everything Hireloop holds about this candidate, for a data access request. It can be downloaded for 24 hours.
      </Text>
      <ErrorAlert error={exports.error ?? start.error ?? download.error} />
      {latest && (
        <Text size="sm" role="status" aria-live="polite">
          Latest export: {label('exportStatus', latest.status)}
          {latest.expiresAt && latest.status === 'ready' ? `, until ${fmtDate(latest.expiresAt)}` : ''}
          {latest.failure ? `. ${latest.failure}` : ''}
        </Text>
      )}
      <Group mt="sm">
        <Button size="xs" variant="default" loading={start.isPending} onClick={() => start.mutate()}>
          Export their data
        </Button>
        {latest?.status === 'ready' && (
          <Button size="xs" loading={download.isPending} onClick={() => download.mutate(latest.id)}>
            Download the zip
          </Button>
        )}
      </Group>
    </Paper>
  );
}
