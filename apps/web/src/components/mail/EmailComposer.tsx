import '@mantine/dates/styles.css';
import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, Schemas, unwrap } from '../../api/client';
import { label } from '../../app/labels';
import { problemSummary } from '../../app/problems';
import { ErrorAlert, fieldError, fmtDate } from '../common';

export interface Recipient {
  /** The application the email is about. */
  applicationId: string;
  /** Who it goes to, in words: the candidate's name (and the job, when the candidate has several applications). */
  name: string;
}

type BulkItem = Schemas['BulkEmailItemDto'];

/** `YYYY-MM-DD HH:mm:ss` (the picker's value, the viewer's local time) → ISO; null when empty. */
export function pickerToIso(value: string | null): string | null {
  if (!value) return null;
  const at = new Date(value.replace(' ', 'T'));
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** What happened to one recipient of a bulk email, in words. */
export function bulkItemSentence(item: BulkItem, name: string): string {
  if (item.ok) {
    const sendAt = item.email?.sendAt;
    return item.email?.status === 'scheduled' && sendAt ? `${name}: will be sent on ${fmtDate(sendAt)}.` : `${name}: will be sent in a moment.`;
  }
  return `${name}: not sent. ${problemSummary({ status: item.status, code: item.error?.code })}`;
}

/**
 * Write an email (or start from a template) to one candidate or to several at once: subject, body, an optional
 * sending time, a preview filled in for the first recipient. One recipient: POST /v1/applications/:id/emails; several:
 * POST /v1/applications/bulk-email, with what happened to each recipient listed in words.
 */
export function EmailComposer({ recipients, onDone, onCancel }: { recipients: Recipient[]; onDone?: () => void; onCancel?: () => void }) {
  const templates = useQuery({ queryKey: ['email-templates'], queryFn: () => unwrap(api.GET('/v1/email-templates')), staleTime: 60_000 });
  const [applicationId, setApplicationId] = useState(recipients[0]?.applicationId ?? '');
  const [templateId, setTemplateId] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState<string | null>(null);
  const bulk = recipients.length > 1;
  const all = templates.data?.data ?? [];
  // The preview renders through a template id: the chosen one, else the built-in "other message" one with the typed text.
  const previewTemplate = templateId || all.find((t) => t.builtIn && t.type === 'custom')?.id;

  const choose = (id: string) => {
    setTemplateId(id);
    const template = all.find((t) => t.id === id);
    if (template) {
      setSubject(template.subject);
      setBody(template.body);
    }
    preview.reset();
  };

  const preview = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/v1/email-templates/{id}/preview', {
          params: { path: { id: previewTemplate ?? '' } },
          body: { applicationId: bulk ? recipients[0].applicationId : applicationId, subject, body },
        }),
      ),
  });

  const send = useMutation({
    mutationFn: async () => {
      const at = later ? pickerToIso(sendAt) : null;
      const common = { subject, body, templateId: templateId || undefined, sendAt: at ?? undefined };
      if (later && !at) throw new ApiError(422, { code: 'mail.invalid_send_at', errors: [{ field: 'sendAt', message: 'Choose when to send it.' }] });
      if (bulk)
        return { bulk: await unwrap(api.POST('/v1/applications/bulk-email', { body: { ...common, applicationIds: recipients.map((r) => r.applicationId) } })) };
      return { single: await unwrap(api.POST('/v1/applications/{id}/emails', { params: { path: { id: applicationId } }, body: common })) };
    },
  });

  const nameOf = (id: string) => recipients.find((r) => r.applicationId === id)?.name ?? 'A candidate';
  const error = send.error ?? preview.error;
  const options = [
    { value: '', label: 'Write a new message' },
    ...all.map((t) => ({ value: t.id, label: `${t.name} (${label('emailTemplateType', t.type)}${t.builtIn ? ', built in' : ''})` })),
  ];

  if (send.data?.single) {
    const email = send.data.single;
    return (
      <Alert color="green" role="status" title="Email on its way">
        {email.status === 'scheduled' && email.sendAt
          ? `It will be sent to ${email.to} on ${fmtDate(email.sendAt)}.`
          : `It will be sent to ${email.to} in a moment.`}
        {onDone && (
          <Group mt="xs">
            <Button size="xs" variant="default" onClick={onDone}>
              Close
            </Button>
          </Group>
        )}
      </Alert>
    );
  }
  if (send.data?.bulk) {
    const results = send.data.bulk.results;
    const failed = results.filter((r) => !r.ok).length;
    return (
      <Alert
        color={failed ? 'orange' : 'green'}
        role="status"
        title={failed ? `${results.length - failed} of ${results.length} emails on their way` : 'All emails on their way'}
      >
        <ul style={{ margin: 0, paddingLeft: 18 }} aria-label="What happened to each recipient">
          {results.map((r) => (
            <li key={r.id}>
              <Text size="sm">{bulkItemSentence(r, nameOf(r.id))}</Text>
            </li>
          ))}
        </ul>
        {onDone && (
          <Group mt="xs">
            <Button size="xs" variant="default" onClick={onDone}>
              Close
            </Button>
          </Group>
        )}
      </Alert>
    );
  }

  return (
    <form
      aria-label={bulk ? `Email ${recipients.length} candidates` : 'Write an email'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <Stack gap="sm">
        {bulk && (
          <Text size="sm">
            To {recipients.length} candidates: {recipients.map((r) => r.name).join(', ')}. Each one gets the message filled in with their own details.
          </Text>
        )}
        {!bulk && recipients.length > 0 && (
          <NativeSelect
            label="About the application"
            data={recipients.map((r) => ({ value: r.applicationId, label: r.name }))}
            value={applicationId}
            onChange={(e) => setApplicationId(e.currentTarget.value)}
            disabled={recipients.length === 1}
          />
        )}
        <NativeSelect label="Start from" data={options} value={templateId} onChange={(e) => choose(e.currentTarget.value)} />
        <TextInput
          label="Subject"
          id="field-subject"
          required
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={fieldError(error, 'subject')}
          maxLength={300}
        />
        <Textarea
          label="Message"
          id="field-body"
          description="Plain text; leave an empty line between paragraphs. Merge fields such as {{ candidate.first_name }} are filled in for each candidate."
          required
          autosize
          minRows={6}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldError(error, 'body')}
        />
        <Checkbox label="Send it later" checked={later} onChange={(e) => setLater(e.currentTarget.checked)} />
        {later && (
          <DateTimePicker
            label="Send on"
            id="field-sendAt"
            description="In your own time zone."
            value={sendAt}
            onChange={setSendAt}
            minDate={new Date()}
            valueFormat="D MMMM YYYY, HH:mm"
            clearable
            error={fieldError(error, 'sendAt')}
          />
        )}
        <ErrorAlert error={error} title={send.error ? 'The email was not sent' : 'The preview could not be shown'} />
        {preview.data && (
          <Paper withBorder p="sm" role="region" aria-label="Preview">
            <Title order={3} size="h6">
              Preview{bulk ? ` for ${recipients[0].name}` : ''}
            </Title>
            <Text size="sm" fw={600}>
              {preview.data.subject}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {preview.data.body}
            </Text>
          </Paper>
        )}
        <Group>
          <Button type="submit" loading={send.isPending} disabled={!subject.trim() || !body.trim()}>
            {later ? 'Schedule' : 'Send'}
            {bulk ? ` to ${recipients.length} candidates` : ''}
          </Button>
          <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending} disabled={!previewTemplate || !subject.trim() || !body.trim()}>
            Preview
          </Button>
          {onCancel && (
            <Button variant="subtle" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
