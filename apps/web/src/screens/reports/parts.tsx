import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';

/** A report section: its chart (when it has one) beside a table with the same numbers. */
export function Section({ title, chart, table, empty }: { title: string; chart?: ReactNode; table: ReactNode; empty?: boolean }) {
  const id = `report-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {empty ? (
        <Text c="dimmed" size="sm">
          No data for these filters yet.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xl: chart ? 2 : 1 }} spacing="lg">
          {chart && (
            <div role="img" aria-label={`${title} chart; the same numbers are in the table`}>
              {chart}
            </div>
          )}
          <div className="scroll-x" tabIndex={0} role="region" aria-label={`${title} table`}>
            {table}
          </div>
        </SimpleGrid>
      )}
    </Paper>
  );
}

export function NumbersTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <Table striped withTableBorder captionSide="top">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          {head.map((h, i) => (
            <Table.Th key={h} scope="col" ta={i === 0 ? 'left' : 'right'}>
              {h}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, r) => (
          <Table.Tr key={r}>
            {row.map((cell, i) =>
              i === 0 ? (
                <Table.Th key={i} scope="row" fw={500}>
                  {cell}
                </Table.Th>
              ) : (
                <Table.Td key={i} ta="right">
                  {cell}
                </Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
