import { Button, Checkbox, Group, NumberInput, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { api, Schemas, unwrap } from '../../api/client';
import { applyProblem, ErrorAlert, fieldDomId, Loading } from '../../components/common';

type Settings = Schemas['PrivacySettingsDto'];
type Update = Schemas['UpdatePrivacySettingsDto'];

const RULES = ['closedApplicationDays', 'inactiveCandidateDays', 'hiredCandidateDays'] as const;
type RuleKey = (typeof RULES)[number];

/** Each retention rule: what the switch turns on, and the days it counts, in words. */
const RULE_WORDS: Record<RuleKey, { on: string; days: string; help: string }> = {
  closedApplicationDays: {
    on: 'Anonymise rejected and withdrawn candidates',
    days: 'Days after their last application closed',
    help: 'Counts from the day their last application was rejected or withdrawn. Candidates with an application in progress are never anonymised.',
  },
  inactiveCandidateDays: {
    on: 'Anonymise candidates nobody has worked with',
    days: 'Days without any activity',
    help: 'Counts from the last time the candidate applied, was edited or had anything happen on their timeline.',
  },
  hiredCandidateDays: {
    on: 'Anonymise hired candidates',
    days: 'Days after they were hired',
    help: 'Counts from their last hire. Without this rule, people you hired are never anonymised.',
  },
};

const DEFAULT_DAYS: Record<RuleKey, number> = { closedApplicationDays: 180, inactiveCandidateDays: 730, hiredCandidateDays: 2190 };

interface Values {
  privacyNoticeUrl: string;
  consentRequired: boolean;
  closedApplicationDays: number | string;
  inactiveCandidateDays: number | string;
  hiredCandidateDays: number | string;
  gracePeriodDays: number | string;
}
const FIELDS = ['privacyNoticeUrl', 'consentRequired', ...RULES, 'gracePeriodDays'] as const;

function valuesOf(s: Settings): Values {
  return {
    privacyNoticeUrl: s.privacyNoticeUrl ?? '',
    consentRequired: s.consentRequired,
    closedApplicationDays: s.closedApplicationDays ?? '',
    inactiveCandidateDays: s.inactiveCandidateDays ?? '',
    hiredCandidateDays: s.hiredCandidateDays ?? '',
    gracePeriodDays: s.gracePeriodDays,
  };
}

/** The PATCH body: an empty notice removes it; a rule switched off sends null ("never"). */
export function privacySettingsBody(v: Values, on: Record<RuleKey, boolean>): Update {
  const days = (key: RuleKey) => (on[key] ? Number(v[key]) : null);
  return {
    privacyNoticeUrl: v.privacyNoticeUrl.trim() || null,
    consentRequired: v.consentRequired,
    closedApplicationDays: days('closedApplicationDays'),
    inactiveCandidateDays: days('inactiveCandidateDays'),
    hiredCandidateDays: days('hiredCandidateDays'),
    gracePeriodDays: Number(v.gracePeriodDays),
  };
}

/** Administration → Privacy and audit: the privacy notice, consent on apply, retention rules and the grace period. */
export function PrivacySettingsForm() {
  const settings = useQuery({ queryKey: ['privacy-settings'], queryFn: () => unwrap(api.GET('/v1/privacy/settings')) });
  if (settings.isPending) return <Loading label="Loading the privacy settings" />;
  if (!settings.data) return <ErrorAlert error={settings.error} />;
  return <SettingsForm settings={settings.data} />;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({ defaultValues: valuesOf(settings) });
  const [on, setOn] = useState<Record<RuleKey, boolean>>({
    closedApplicationDays: settings.closedApplicationDays !== null,
    inactiveCandidateDays: settings.inactiveCandidateDays !== null,
    hiredCandidateDays: settings.hiredCandidateDays !== null,
  });
  const save = useMutation({
    mutationFn: (body: Update) => unwrap(api.PATCH('/v1/privacy/settings', { body })),
    onSuccess: (data) => {
      queryClient.setQueryData(['privacy-settings'], data);
      form.reset(valuesOf(data));
    },
    onError: (error) => applyProblem(error, form.setError, FIELDS),
  });
  const e = form.formState.errors;
  const submit = form.handleSubmit((v) => save.mutate(privacySettingsBody(v, on)));
  const dayRule = (message: string) => ({
    required: message,
    validate: (value: number | string) =>
      (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 3650) || 'Enter a whole number of days from 1 to 3650.',
  });
  return (
    <Paper withBorder p="md" maw={640} component="section" aria-labelledby="privacy-settings-title">
      <form noValidate onSubmit={(ev) => void submit(ev)} aria-labelledby="privacy-settings-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="privacy-settings-title">
            Privacy settings
          </Title>
          <Text size="sm" c="dimmed">
            How long Hireloop keeps candidates' personal data, and what the apply form tells candidates about it. When a rule makes a candidate due, they appear
            under "Due for deletion" for the grace period, where a recruiter can keep them; after that they are anonymised.
          </Text>
          <TextInput
            id={fieldDomId('privacyNoticeUrl')}
            label="Privacy notice"
            description="The web address of your privacy notice (starting with https://). The apply form links to it."
            placeholder="https://example.com/privacy"
            maxLength={2000}
            {...form.register('privacyNoticeUrl')}
            error={e.privacyNoticeUrl?.message}
          />
          <Checkbox
            id={fieldDomId('consentRequired')}
            label="Candidates must agree to the privacy notice to apply"
            description={`The apply form shows a box with this sentence: "${settings.consentText}" We record when they agreed and to which wording.`}
            {...form.register('consentRequired')}
            error={e.consentRequired?.message}
          />
          {RULES.map((key) => (
            <Stack key={key} gap={4}>
              <Switch
                label={RULE_WORDS[key].on}
                checked={on[key]}
                onChange={(ev) => {
                  const checked = ev.currentTarget.checked;
                  setOn((prev) => ({ ...prev, [key]: checked }));
                  if (checked && form.getValues(key) === '') form.setValue(key, DEFAULT_DAYS[key], { shouldDirty: true });
                  else form.clearErrors(key);
                  save.reset();
                }}
              />
              {on[key] ? (
                <Controller
                  control={form.control}
                  name={key}
                  rules={dayRule('Enter the number of days.')}
                  render={({ field }) => (
                    <NumberInput
                      id={fieldDomId(key)}
                      label={RULE_WORDS[key].days}
                      description={RULE_WORDS[key].help}
                      min={1}
                      max={3650}
                      allowDecimal={false}
                      name={field.name}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      ref={field.ref}
                      error={e[key]?.message}
                    />
                  )}
                />
              ) : (
                <Text size="sm" c="dimmed">
                  Off: this rule never makes anyone due.
                </Text>
              )}
            </Stack>
          ))}
          <Controller
            control={form.control}
            name="gracePeriodDays"
            rules={{
              required: 'Enter the number of days.',
              validate: (value) =>
                (Number.isInteger(Number(value)) && Number(value) >= 0 && Number(value) <= 90) || 'Enter a whole number of days from 0 to 90.',
            }}
            render={({ field }) => (
              <NumberInput
                id={fieldDomId('gracePeriodDays')}
                label="Grace period (days)"
                description="How long a due candidate stays on the list, where someone can keep them, before they are anonymised."
                min={0}
                max={90}
                allowDecimal={false}
                name={field.name}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                ref={field.ref}
                error={e.gracePeriodDays?.message}
              />
            )}
          />
          <ErrorAlert error={save.error} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save privacy settings
            </Button>
            {save.isSuccess && (
              <Text size="sm" role="status">
                Saved.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
