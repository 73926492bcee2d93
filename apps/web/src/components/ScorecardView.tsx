import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Schemas } from '../api/client';
import { label } from '../app/labels';
import { fmtWhen } from './time';

type Scorecard = Schemas['ScorecardDto'];
export interface CompetencyInfo {
  key: string;
  name: string;
  rubric: string[];
}

/** A competency's name from the kit; a readable fallback for a key no kit names any more. */
export function competencyName(key: string, competencies: CompetencyInfo[]): string {
  const found = competencies.find((c) => c.key === key)?.name;
  if (found) return found;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "3 of 4 — Frames it and weighs trade-offs", or "No signal". */
export function ratingLabel(rating: number | string, key: string, competencies: CompetencyInfo[]): string {
  if (rating === 'no_signal') return 'No signal';
  const level = competencies.find((c) => c.key === key)?.rubric[Number(rating) - 1];
  return level ? `${rating} of 4 — ${level}` : `${rating} of 4`;
}

/** The "amended" mark readers see: when and why. */
export function AmendedMark({ card }: { card: Scorecard }) {
  if (!card.amended) return null;
  return (
    <Text size="sm" data-testid="amended-mark">
      <Badge color="violet" variant="light" mr={6}>
        Amended
      </Badge>
      {fmtWhen(card.amendedAt)}
      {card.correctionReason ? ` — ${card.correctionReason}` : ''}
    </Text>
  );
}

/** One submitted scorecard, read-only: every rating with its rubric level and evidence as text, notes, takeaways, overall. */
export function ScorecardView({
  card,
  competencies,
  questions = [],
  title,
}: {
  card: Scorecard;
  competencies: CompetencyInfo[];
  questions?: { key: string; prompt: string }[];
  title?: string;
}) {
  return (
    <Paper withBorder p="md" data-testid="scorecard-view">
      <Stack gap="xs">
        {title && (
          <Title order={3} size="h4">
            {title}
          </Title>
        )}
        <Text size="sm">
          Overall: <strong>{label('recommendation', card.overall)}</strong> · submitted {fmtWhen(card.submittedAt)}
        </Text>
        <AmendedMark card={card} />
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Ratings (scrolls sideways)">
          <Table withTableBorder fz="sm" className="reading-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Competency</Table.Th>
                <Table.Th>Rating</Table.Th>
                <Table.Th>Evidence</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.ratings.map((r) => (
                <Table.Tr key={r.competency}>
                  <Table.Th scope="row">{competencyName(r.competency, competencies)}</Table.Th>
                  <Table.Td>{ratingLabel(r.rating, r.competency, competencies)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{r.evidence || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        {card.questionNotes.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Notes per question
            </Text>
            {card.questionNotes.map((n) => (
              <Text key={n.question} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                <em>{questions.find((q) => q.key === n.question)?.prompt ?? competencyName(n.question, [])}</em>: {n.note}
              </Text>
            ))}
          </div>
        )}
        <div>
          <Text size="sm" fw={600}>
            Key takeaways
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {card.keyTakeaways || 'None written.'}
          </Text>
        </div>
      </Stack>
    </Paper>
  );
}
