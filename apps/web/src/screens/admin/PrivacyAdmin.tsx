import { Alert, Button, Checkbox, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, downloadFile, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { label, options } from '../../app/labels';
import { ErrorAlert, Loading } from '../../components/common';
import { PrivacySettingsForm } from './PrivacySettingsForm';

type Verification = components['schemas']['AuditVerificationDto'];
type Question = components['schemas']['SelfIdentificationQuestion'];

/** What the audit check found, as a sentence. */
export function auditSentence(v: Verification): string {
  if (v.ok) return `Verified: all ${v.entries} entries of the audit log are intact and in order.`;
  const where = v.firstBrokenEntryId ? `at entry ${v.firstBrokenEntryId} (position ${v.position})` : `after position ${(v.position ?? 1) - 1}`;
  return `Broken ${where}: ${label('auditBreak', v.reason ?? '')}. The ${v.entries} entries before it are intact. Someone changed the log outside Hireloop; compare with your last export.`;
}

function AuditStatus() {
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => unwrap(api.GET('/v1/audit/verify')), staleTime: 60_000 });
  const download = useMutation({ mutationFn: () => downloadFile('/v1/audit/export', 'audit-log.jsonl') });
  return (
    <Paper withBorder p="md" maw={640} component="section" aria-labelledby="audit-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="audit-title">
          Audit log
        </Title>
        <Text size="sm" c="dimmed">
          Every change is recorded in a chain of entries, each sealed with the one before it, so any later change or removal shows.
        </Text>
        {verify.isPending && <Loading label="Checking the audit log" />}
        <ErrorAlert error={verify.error ?? download.error} />
        {verify.data && (
          <Alert color={verify.data.ok ? 'teal' : 'red'} title={verify.data.ok ? 'Audit log verified' : 'Audit log broken'} role="status">
            {auditSentence(verify.data)}
          </Alert>
        )}
        <Group>
          <Button variant="default" loading={verify.isFetching} onClick={() => void verify.refetch()}>
            Check again
          </Button>
          <Button variant="default" loading={download.isPending} onClick={() => download.mutate()}>
            Download the log (JSON lines)
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function SurveySettings() {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['organization-settings'], queryFn: () => unwrap(api.GET('/v1/organization/settings')) });
  const save = useMutation({
    mutationFn: (body: { selfIdentificationSurvey?: boolean; selfIdentificationQuestions?: Question[] }) =>
      unwrap(api.PATCH('/v1/organization/settings', { body })),
    onSuccess: (data) => queryClient.setQueryData(['organization-settings'], data),
  });
  if (settings.isPending) return <Loading label="Loading the survey settings" />;
  if (!settings.data) return <ErrorAlert error={settings.error} />;
  const s = settings.data;
  return (
    <Paper withBorder p="md" maw={640} component="section" aria-labelledby="survey-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="survey-title">
          Voluntary self-identification
        </Title>
        <Text size="sm" c="dimmed">
          Applicants may answer a short voluntary survey on the apply form (US EEO-1 categories; "I decline to answer" is always offered). Answers are kept
          apart from applications, never shown for any one candidate, and used only in the adverse-impact report, counted together.
        </Text>
        <ErrorAlert error={save.error} />
        <Switch
          label="Ask the survey on the apply form"
          checked={s.selfIdentificationSurvey}
          onChange={(e) => save.mutate({ selfIdentificationSurvey: e.currentTarget.checked })}
        />
        <Checkbox.Group label="Questions" value={s.selfIdentificationQuestions} onChange={(values) => save.mutate({ selfIdentificationQuestions: values })}>
          <Stack gap={4} mt={4}>
            {options('selfIdentificationQuestion').map((o) => (
              <Checkbox key={o.value} value={o.value} label={o.label} disabled={!s.selfIdentificationSurvey} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Stack>
    </Paper>
  );
}

/** Administration → Privacy and audit: privacy settings, the audit log's verification and the self-identification survey. */
export function PrivacyAdmin() {
  return (
    <Stack gap="lg">
      <PrivacySettingsForm />
      <AuditStatus />
      <SurveySettings />
    </Stack>
  );
}
