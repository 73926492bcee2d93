import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, Schemas, unwrap } from '../../api/client';
import { label } from '../../app/labels';
import { ErrorAlert, fieldError, Loading, PageTitle } from '../../components/common';
import { viewerZone } from '../../components/time';

type Hours = Schemas['WorkingHoursDto'];
type Range = { from: string; to: string };
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
type Week = Record<Day, Range[]>;

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** "Monday to Friday, 09:00–17:00" style summary of a week, for the sentence above the form. */
export function weekSentence(week: Week): string {
  const worked = DAYS.filter((d) => week[d].length > 0);
  if (!worked.length) return 'You have no working hours, so candidates cannot book interviews with you.';
  return worked.map((d) => `${label('weekday', d)} ${week[d].map((r) => `${r.from}–${r.to}`).join(' and ')}`).join('; ') + '.';
}

/**
 * "My working hours": the time zone and the weekly hours in which candidates may book interviews with you (self-scheduling
 * offers only times when every interviewer is working and free).
 */
export default function MyWorkingHours() {
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ['my-working-hours'], queryFn: () => unwrap(api.GET('/v1/me/working-hours')) });
  return (
    <Stack>
      <PageTitle sub="Candidates who pick their own interview time are offered only times inside these hours, when you have no other interview.">
        My working hours
      </PageTitle>
      <ErrorAlert error={current.error} title="Your working hours could not be loaded" />
      {current.isPending && <Loading label="Loading your working hours" />}
      {current.data && <HoursForm hours={current.data} onSaved={(saved) => queryClient.setQueryData(['my-working-hours'], saved)} />}
    </Stack>
  );
}

export function HoursForm({ hours, onSaved }: { hours: Hours; onSaved: (saved: Hours) => void }) {
  const [zone, setZone] = useState(hours.timeZone);
  const [week, setWeek] = useState<Week>(() => Object.fromEntries(DAYS.map((d) => [d, hours.workingHours[d].map((r) => ({ ...r }))])) as Week);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [zone, week]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/v1/me/working-hours', { body: { timeZone: zone, workingHours: week } })),
    onSuccess: (answer) => {
      onSaved(answer);
      setSaved(true);
    },
  });
  const setDay = (day: Day, ranges: Range[]) => setWeek((w) => ({ ...w, [day]: ranges }));
  const browser = viewerZone();
  const zones = ZONES.includes(zone) ? ZONES : [zone, ...ZONES];
  return (
    <Paper withBorder p="md" maw={720}>
      <form
        aria-label="My working hours"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <NativeSelect
            label="Time zone"
            description={zone !== browser ? `Your browser is set to ${browser.replace(/_/g, ' ')}.` : undefined}
            data={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
            value={zone}
            onChange={(e) => setZone(e.currentTarget.value)}
            error={fieldError(save.error, 'timeZone')}
          />
          <Text size="sm" data-testid="week-sentence">
            {weekSentence(week)}
          </Text>
          {DAYS.map((day) => (
            <fieldset key={day} style={{ border: 0, padding: 0, margin: 0 }}>
              <Group align="flex-end" wrap="wrap" gap="sm">
                <Checkbox
                  w={130}
                  label={label('weekday', day)}
                  checked={week[day].length > 0}
                  onChange={(e) => setDay(day, e.currentTarget.checked ? [{ from: '09:00', to: '17:00' }] : [])}
                />
                {week[day].map((range, i) => (
                  <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                    <TextInput
                      type="time"
                      label={`${label('weekday', day)}, from`}
                      value={range.from}
                      onChange={(e) =>
                        setDay(
                          day,
                          week[day].map((r, j) => (j === i ? { ...r, from: e.currentTarget.value } : r)),
                        )
                      }
                      error={fieldError(save.error, `workingHours.${day}.${i}.from`)}
                    />
                    <TextInput
                      type="time"
                      label={`${label('weekday', day)}, until`}
                      value={range.to}
                      onChange={(e) =>
                        setDay(
                          day,
                          week[day].map((r, j) => (j === i ? { ...r, to: e.currentTarget.value } : r)),
                        )
                      }
                      error={fieldError(save.error, `workingHours.${day}.${i}.to`)}
                    />
                    {week[day].length > 1 && (
                      <Button
                        variant="subtle"
                        size="xs"
                        onClick={() =>
                          setDay(
                            day,
                            week[day].filter((_, j) => j !== i),
                          )
                        }
                      >
                        Remove {label('weekday', day)} {range.from}–{range.to}
                      </Button>
                    )}
                  </Group>
                ))}
                {week[day].length > 0 && week[day].length < 4 && (
                  <Button variant="subtle" size="xs" onClick={() => setDay(day, [...week[day], { from: week[day][week[day].length - 1].to, to: '18:00' }])}>
                    Add hours on {label('weekday', day)}
                  </Button>
                )}
              </Group>
              {fieldError(save.error, `workingHours.${day}`) && !week[day].some((_, i) => fieldError(save.error, `workingHours.${day}.${i}`)) && (
                <Text c="red.8" size="sm">
                  {fieldError(save.error, `workingHours.${day}`)}
                </Text>
              )}
            </fieldset>
          ))}
          <ErrorAlert error={save.error} title="Your working hours were not saved" />
          {saved && (
            <Alert color="green" variant="light" role="status">
              Saved. Candidates are offered times inside these hours from now on.
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save my working hours
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export type { Week };
