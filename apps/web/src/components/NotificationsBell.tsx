import { ActionIcon, Anchor, Button, Group, Indicator, Paper, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useClickOutside } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, Schemas, unwrap } from '../api/client';
import { label } from '../app/labels';
import { ErrorAlert, fmtDate } from './common';

type Notification = Schemas['NotificationDto'];

/** How often the bell asks for the unread count (the issue asks for ≤ 30 s). */
export const POLL_MS = 30_000;
const PAGE = 20;

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** A notification as one sentence and the screen it concerns: names and dates, never ids or kinds. */
export function describeNotification(n: Notification): { text: string; to?: string } {
  const p = n.payload as Record<string, unknown>;
  const who = str(p.candidateName) || 'a candidate';
  const job = str(p.jobTitle) ? ` for ${str(p.jobTitle)}` : '';
  const interview = str(p.interviewId) ? `/interviews/${str(p.interviewId)}` : undefined;
  switch (n.kind) {
    case 'stage_sla_breached':
      return {
        text: `${who} has been in ${str(p.stageName) || 'a stage'}${job} for more than ${Number(p.slaDays) || 'the allowed'} days.`,
        to: str(p.candidateId) ? `/candidates/${str(p.candidateId)}` : undefined,
      };
    case 'interview_scheduled':
      return { text: `Interview with ${who}${job} scheduled for ${fmtDate(str(p.startsAt))}.`, to: interview };
    case 'interview_rescheduled':
      return { text: `Interview with ${who}${job} moved to ${fmtDate(str(p.startsAt))}.`, to: interview };
    case 'interview_cancelled':
      return { text: `Interview with ${who}${job} on ${fmtDate(str(p.startsAt))} was cancelled.`, to: interview };
    case 'scorecard_reminder':
      return { text: `Your scorecard for ${who}${job} is due ${fmtDate(str(p.dueAt))}.`, to: interview };
    case 'scorecard_escalation': {
      const owed = Array.isArray(p.owedBy) ? (p.owedBy as { name?: unknown }[]).map((o) => str(o.name)).filter(Boolean) : [];
      return {
        text: `Scorecards for ${who}${job} are overdue${owed.length ? `: still owed by ${owed.join(', ')}` : ''}.`,
        to: str(p.applicationId) ? `/applications/${str(p.applicationId)}/packet` : interview,
      };
    }
    case 'email.reply':
    case 'email.received':
      return {
        text: `${n.kind === 'email.reply' ? 'A candidate replied' : 'An email was added to a candidate'}${str(p.subject) ? `: “${str(p.subject)}”` : ''}.`,
        to: str(p.candidateId) ? `/candidates/${str(p.candidateId)}` : undefined,
      };
    default:
      return { text: `${label('notificationKind', n.kind)}${str(p.candidateName) ? `: ${who}` : ''}.` };
  }
}

/** The bell in the app shell: unread count (polled every 30 s), the latest notifications, mark read, mark all read. */
export function NotificationsBell() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpened(false);
    button.current?.focus();
  };
  const ref = useClickOutside(() => setOpened(false));
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => unwrap(api.GET('/v1/notifications/unread-count')),
    refetchInterval: POLL_MS,
  });
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => unwrap(api.GET('/v1/notifications', { params: { query: { limit: PAGE } } })),
    enabled: opened,
    refetchInterval: opened ? POLL_MS : false,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const markAll = useMutation({ mutationFn: () => unwrap(api.POST('/v1/notifications/read-all')), onSuccess: refresh });

  const count = list.data?.unreadCount ?? unread.data?.unreadCount ?? 0;
  const items = list.data?.data ?? [];
  const open = (n: Notification, to?: string) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (to) {
      setOpened(false);
      void navigate(to);
    }
  };

  return (
    <div ref={ref} style={{ position: 'relative' }} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <Indicator label={count > 99 ? '99+' : count} size={18} disabled={count === 0} color="red.8" offset={4}>
        <ActionIcon
          ref={button}
          variant="default"
          size="lg"
          onClick={() => setOpened((o) => !o)}
          aria-label={count ? `Notifications, ${count} unread` : 'Notifications, none unread'}
          aria-expanded={opened}
          aria-controls="notifications-panel"
          data-testid="notifications-bell"
        >
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
        </ActionIcon>
      </Indicator>
      {opened && (
        <Paper
          id="notifications-panel"
          role="region"
          aria-label="Notifications"
          withBorder
          shadow="md"
          p="xs"
          w={360}
          maw="calc(100vw - 24px)"
          style={{ position: 'absolute', right: 0, top: 'calc(100% + 6px)', zIndex: 300 }}
        >
          <Group justify="space-between" mb="xs">
            <Text fw={600} component="h2" size="md" m={0}>
              Notifications
            </Text>
            <Button size="compact-sm" variant="subtle" onClick={() => markAll.mutate()} disabled={count === 0} loading={markAll.isPending}>
              Mark all read
            </Button>
          </Group>
          <ErrorAlert error={list.error ?? markAll.error ?? markRead.error} focus={false} />
          {list.isPending ? (
            <Text size="sm" role="status">
              Loading…
            </Text>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed" role="status">
              Nothing new. You'll see interviews, scorecards due and candidates waiting too long here.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={420} type="auto">
              <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Latest notifications">
                {items.map((n) => {
                  const { text, to } = describeNotification(n);
                  return (
                    <li key={n.id} data-testid="notification" data-unread={!n.readAt}>
                      <Group
                        gap={6}
                        wrap="nowrap"
                        align="flex-start"
                        p={6}
                        style={{ borderRadius: 6, background: n.readAt ? undefined : 'var(--mantine-color-blue-0)' }}
                      >
                        <Stack gap={0} style={{ flex: 1 }}>
                          {to ? (
                            <Anchor component="button" type="button" size="sm" ta="left" onClick={() => open(n, to)}>
                              {text}
                            </Anchor>
                          ) : (
                            <Text size="sm">{text}</Text>
                          )}
                          <Text size="xs" c="dimmed">
                            {n.readAt ? '' : 'Unread · '}
                            {fmtDate(n.createdAt)}
                          </Text>
                        </Stack>
                        {!n.readAt && (
                          <UnstyledButton
                            onClick={() => markRead.mutate(n.id)}
                            aria-label={`Mark read: ${text}`}
                            style={{ fontSize: 12, textDecoration: 'underline' }}
                          >
                            Mark read
                          </UnstyledButton>
                        )}
                      </Group>
                    </li>
                  );
                })}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Paper>
      )}
    </div>
  );
}
