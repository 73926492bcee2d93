import { Announcements, DndContext, DragEndEvent, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { Alert, Anchor, Badge, Button, Checkbox, Group, Modal, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, memo, Suspense, useCallback, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, errorMessage, Schemas, unwrap } from '../api/client';
import { label } from '../app/labels';
import { ErrorAlert, humanDuration, Loading } from './common';

// The composer brings the date picker: loaded when someone emails the selection.
const EmailComposer = lazy(() => import('./mail/EmailComposer').then((m) => ({ default: m.EmailComposer })));

type Stage = Schemas['BoardStageDto'];
type Item = Schemas['BoardItemDto'];
const PAGE = 50;

export interface BoardMessage {
  kind: 'conflict' | 'error' | 'ok';
  text: string;
}

/** The pipeline board of one job: a column per stage, cards paged per column, drag (or keyboard, or "Move to") to move. */
export function PipelineBoard({ jobId, readOnly = false, canEmail = false }: { jobId: string; readOnly?: boolean; canEmail?: boolean }) {
  const queryClient = useQueryClient();
  const board = useQuery({ queryKey: ['board', jobId], queryFn: () => unwrap(api.GET('/v1/jobs/{id}/pipeline', { params: { path: { id: jobId } } })) });
  const reasons = useQuery({
    queryKey: ['rejection-reasons'],
    queryFn: () => unwrap(api.GET('/v1/rejection-reasons')),
    enabled: !readOnly,
    staleTime: 5 * 60_000,
  });
  // Selected cards: application id → candidate name (the bulk email names each recipient).
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [emailing, setEmailing] = useState(false);
  const [message, setMessage] = useState<BoardMessage | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['board', jobId] });
    void queryClient.invalidateQueries({ queryKey: ['column', jobId] });
  }, [queryClient, jobId]);

  const stageName = (id: string) => board.data?.stages.find((s) => s.id === id)?.name ?? 'another stage';
  const move = useMutation({
    mutationFn: ({ item, toStageId }: { item: Item; toStageId: string }) =>
      unwrap(api.POST('/v1/applications/{id}/move', { params: { path: { id: item.id } }, body: { toStageId, expectedVersion: item.version } })),
    onSuccess: (_data, { item, toStageId }) => {
      setMessage({ kind: 'ok', text: `${item.candidateName} moved to ${stageName(toStageId)}.` });
      refresh();
    },
    onError: (error, { item }) => {
      if (error instanceof ApiError && error.status === 409) {
        setMessage({
          kind: 'conflict',
          text: `${item.candidateName} was changed by someone else since you loaded the board, so your move was not applied. The card now shows the current stage; try again if the move still makes sense.`,
        });
      } else {
        setMessage({ kind: 'error', text: `Could not move ${item.candidateName}: ${errorMessage(error)}` });
      }
      refresh();
    },
  });

  const bulk = useMutation({
    mutationFn: (body: Schemas['BulkApplicationsDto']) => unwrap(api.POST('/v1/applications/bulk', { body })),
    onSuccess: (result) => {
      const failed = result.results.filter((r) => !r.ok);
      setMessage(
        failed.length
          ? {
              kind: 'error',
              text: `${result.results.length - failed.length} done, ${failed.length} not done (changed by someone else or no longer active). The board was refreshed.`,
            }
          : { kind: 'ok', text: `${result.results.length} applications updated.` },
      );
      setSelected(new Map());
      refresh();
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });

  const onDragEnd = (event: DragEndEvent) => {
    const item = event.active.data.current?.item as Item | undefined;
    const to = event.over?.id as string | undefined;
    if (item && to && to !== item.stageId) move.mutate({ item, toStageId: to });
  };
  const toggle = useCallback((id: string, on: boolean, name: string) => {
    setSelected((prev) => {
      const next = new Map(prev);
      if (on) next.set(id, name);
      else next.delete(id);
      return next;
    });
  }, []);
  const onMove = useCallback((item: Item, toStageId: string) => move.mutate({ item, toStageId }), [move]);

  if (board.isPending) return <Loading label="Loading the board" />;
  if (board.error) return <ErrorAlert error={board.error} />;
  const stages = board.data.stages;
  return (
    <Stack gap="sm">
      <div aria-live="polite" role="status">
        {message && (
          <Alert
            color={message.kind === 'ok' ? 'green' : message.kind === 'conflict' ? 'orange' : 'red'}
            withCloseButton
            closeButtonLabel="Dismiss message"
            onClose={() => setMessage(null)}
            data-testid="board-message"
            title={message.kind === 'conflict' ? 'Someone else moved this candidate' : undefined}
          >
            {message.text}
          </Alert>
        )}
      </div>
      {!readOnly && selected.size > 0 && (
        <BulkBar
          count={selected.size}
          stages={stages}
          reasons={reasons.data?.data ?? []}
          pending={bulk.isPending}
          onMove={(toStageId) => bulk.mutate({ action: 'move', ids: [...selected.keys()], toStageId, notifyCandidate: false })}
          onReject={(reasonId) => bulk.mutate({ action: 'reject', ids: [...selected.keys()], reasonId, notifyCandidate: false })}
          onEmail={canEmail ? () => setEmailing(true) : undefined}
          onClear={() => setSelected(new Map())}
        />
      )}
      <Modal opened={emailing} onClose={() => setEmailing(false)} title="Email the selected candidates" size="lg">
        {emailing && (
          <Suspense fallback={<Loading label="Opening the editor" />}>
            <EmailComposer
              recipients={[...selected].map(([applicationId, name]) => ({ applicationId, name }))}
              onDone={() => {
                setEmailing(false);
                setSelected(new Map());
              }}
              onCancel={() => setEmailing(false)}
            />
          </Suspense>
        )}
      </Modal>
      <DndContext
        sensors={sensors}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements: boardAnnouncements(stageName),
          screenReaderInstructions: {
            draggable:
              'To pick up a candidate card, press space or enter. Use the arrow keys to move it over another stage, then press space or enter to drop it, or escape to cancel.',
          },
        }}
      >
        <div className="board" role="list" aria-label="Pipeline stages">
          {stages.map((stage) => (
            <Column key={stage.id} jobId={jobId} stage={stage} stages={stages} selected={selected} onToggle={toggle} onMove={onMove} readOnly={readOnly} />
          ))}
        </div>
      </DndContext>
    </Stack>
  );
}

/** The candidate a dragged card carries, by name (never the card's id). */
const draggedName = (active: { data: { current?: unknown } }) => (active.data.current as { item?: Item } | undefined)?.item?.candidateName ?? 'The candidate';

/** What a screen reader hears while a card is dragged: names of the candidate and the stages, never ids. */
export function boardAnnouncements(stageName: (id: string) => string): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up ${draggedName(active)}.`,
    onDragOver: ({ active, over }) => (over ? `${draggedName(active)} is over ${stageName(String(over.id))}.` : `${draggedName(active)} is not over a stage.`),
    onDragEnd: ({ active, over }) =>
      over ? `${draggedName(active)} moved to ${stageName(String(over.id))}.` : `${draggedName(active)} was dropped outside the stages and not moved.`,
    onDragCancel: ({ active }) => `Moving ${draggedName(active)} was cancelled.`,
  };
}

function BulkBar({
  count,
  stages,
  reasons,
  pending,
  onMove,
  onReject,
  onEmail,
  onClear,
}: {
  count: number;
  stages: Stage[];
  reasons: Schemas['RejectionReasonDto'][];
  pending: boolean;
  onMove: (id: string) => void;
  onReject: (id: string) => void;
  onEmail?: () => void;
  onClear: () => void;
}) {
  const [to, setTo] = useState(stages[1]?.id ?? stages[0]?.id ?? '');
  const [reason, setReason] = useState(reasons[0]?.id ?? '');
  const reasonId = reason || reasons[0]?.id || '';
  return (
    <Paper withBorder p="sm" role="region" aria-label="Bulk actions">
      <Group align="flex-end" gap="sm">
        <Text fw={600}>{count} selected</Text>
        <NativeSelect
          label="Move selected to"
          data={stages.map((s) => ({ value: s.id, label: s.name }))}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button onClick={() => onMove(to)} loading={pending}>
          Move selected
        </Button>
        <NativeSelect
          label="Rejection reason"
          data={reasons.map((r) => ({ value: r.id, label: r.label }))}
          value={reasonId}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Button color="red.9" onClick={() => onReject(reasonId)} loading={pending} disabled={!reasonId}>
          Reject selected
        </Button>
        {onEmail && (
          <Button variant="default" onClick={onEmail}>
            Email selected
          </Button>
        )}
        <Button variant="default" onClick={onClear}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}

function Column({
  jobId,
  stage,
  stages,
  selected,
  onToggle,
  onMove,
  readOnly,
}: {
  jobId: string;
  stage: Stage;
  stages: Stage[];
  selected: Map<string, string>;
  onToggle: (id: string, on: boolean, name: string) => void;
  onMove: (item: Item, to: string) => void;
  readOnly: boolean;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const items = useInfiniteQuery({
    queryKey: ['column', jobId, stage.id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/v1/jobs/{id}/applications', {
          params: {
            path: { id: jobId },
            query: { stageId: stage.id, status: 'active', sort: 'stage_entered_at', direction: 'asc', limit: PAGE, cursor: pageParam },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: stage.activeCount > 0,
  });
  const cards = items.data?.pages.flatMap((p) => p.data) ?? [];
  const headingId = `stage-${stage.id}`;
  return (
    <section ref={setNodeRef} className="board-column" data-over={isOver} role="listitem" aria-labelledby={headingId} data-stage={stage.name}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h6" id={headingId}>
          {stage.name}
        </Title>
        <Group gap={4} wrap="nowrap">
          <Badge variant="light" color="gray" aria-label={`${stage.activeCount} active`} data-testid="stage-count">
            {stage.activeCount}
          </Badge>
          {stage.overSlaCount > 0 && (
            <Badge variant="light" color="red" aria-label={`${stage.overSlaCount} over the ${stage.slaDays}-day SLA`}>
              {stage.overSlaCount} late
            </Badge>
          )}
        </Group>
      </Group>
      <Stack gap={6} role="list" aria-label={`Candidates in ${stage.name}`}>
        {items.isPending && stage.activeCount > 0 ? <Loading label="Loading" /> : null}
        {cards.map((item) => (
          <Card
            key={item.id}
            item={item}
            stage={stage}
            stages={stages}
            checked={selected.has(item.id)}
            onToggle={onToggle}
            onMove={onMove}
            readOnly={readOnly}
          />
        ))}
        {items.hasNextPage && (
          <Button size="xs" variant="default" onClick={() => void items.fetchNextPage()} loading={items.isFetchingNextPage}>
            Show more ({stage.activeCount - cards.length} more)
          </Button>
        )}
      </Stack>
    </section>
  );
}

const Card = memo(function Card({
  item,
  stage,
  stages,
  checked,
  onToggle,
  onMove,
  readOnly,
}: {
  item: Item;
  stage: Stage;
  stages: Stage[];
  checked: boolean;
  onToggle: (id: string, on: boolean, name: string) => void;
  onMove: (item: Item, to: string) => void;
  readOnly: boolean;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: item.id, data: { item }, disabled: readOnly });
  const late = stage.slaDays != null && item.secondsInStage > stage.slaDays * 86400;
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10, opacity: isDragging ? 0.85 : 1 } : undefined;
  return (
    <Paper
      ref={setNodeRef}
      style={style}
      withBorder
      p={8}
      className="board-card"
      role="listitem"
      data-testid="board-card"
      data-candidate={item.candidateName}
      aria-label={item.candidateName}
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        {!readOnly && (
          <Checkbox
            size="xs"
            mt={3}
            aria-label={`Select ${item.candidateName}`}
            checked={checked}
            onChange={(e) => onToggle(item.id, e.currentTarget.checked, item.candidateName)}
          />
        )}
        <div style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap={4}>
            <Anchor component={Link} to={`/candidates/${item.candidateId}`} size="sm" fw={600} truncate>
              {item.candidateName}
            </Anchor>
            {!readOnly && (
              <button
                type="button"
                {...listeners}
                {...attributes}
                aria-label={`Drag ${item.candidateName} to another stage`}
                style={{ cursor: 'grab', border: 0, background: 'transparent', padding: '0 4px', color: '#343a40' }}
              >
                ⠿
              </button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {humanDuration(item.secondsInStage)} in stage{item.source ? ` · ${label('source', item.source)}` : ''}
            {item.scorecardStatus ? ` · scorecards ${item.scorecardStatus}` : ''}
          </Text>
          {!readOnly && (
            <Anchor
              component={Link}
              to={`/candidates/${item.candidateId}?schedule=${item.id}`}
              size="xs"
              aria-label={`Schedule interview with ${item.candidateName}`}
            >
              Schedule interview
            </Anchor>
          )}
          {late && (
            <Badge size="xs" color="red" variant="light">
              over SLA
            </Badge>
          )}
          {!readOnly && (
            <NativeSelect
              size="xs"
              mt={4}
              aria-label={`Move ${item.candidateName} to`}
              value=""
              onChange={(e) => e.currentTarget.value && onMove(item, e.currentTarget.value)}
              data={[{ value: '', label: 'Move to…' }, ...stages.filter((s) => s.id !== item.stageId).map((s) => ({ value: s.id, label: s.name }))]}
            />
          )}
        </div>
      </Group>
    </Paper>
  );
});
