import { Button, ColorSwatch, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm, useWatch } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import { applyProblem, ErrorAlert, Loading } from './common';

interface BrandingForm {
  logoUrl: string;
  accentColor: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** WCAG contrast of a #rrggbb colour against white (the careers page puts white text on the accent). */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/**
 * The careers page's look (admins): the logo (an https address of an image) and the accent colour (#rrggbb, dark
 * enough for white text). A self-contained form on `/v1/organization/settings`, so any admin screen can host it.
 */
export function CareersBrandingSettings({ careersUrl }: { careersUrl?: string }) {
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['organization-settings'], queryFn: () => unwrap(api.GET('/v1/organization/settings')) });
  const form = useForm<BrandingForm>({ values: { logoUrl: settings.data?.logoUrl ?? '', accentColor: settings.data?.accentColor ?? '' } });
  const accent = useWatch({ control: form.control, name: 'accentColor' });
  const save = useMutation({
    mutationFn: (v: BrandingForm) =>
      unwrap(api.PATCH('/v1/organization/settings', { body: { logoUrl: v.logoUrl.trim() || null, accentColor: v.accentColor.trim() || null } })),
    onSuccess: (data) => queryClient.setQueryData(['organization-settings'], data),
    onError: (error) => applyProblem(error, form.setError, ['logoUrl', 'accentColor']),
  });
  if (settings.isPending) return <Loading label="Loading the careers page settings" />;
  const contrast = HEX.test(accent) ? contrastWithWhite(accent) : null;
  return (
    <Paper withBorder p="md" maw={640} component="section" aria-labelledby="careers-branding-title">
      <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate aria-labelledby="careers-branding-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="careers-branding-title">
            Careers page
          </Title>
          <Text size="sm" c="dimmed">
            Your logo and colour on the public careers page{careersUrl ? ` (${careersUrl})` : ''}.
          </Text>
          <TextInput
            id="field-logoUrl"
            label="Logo address"
            description="An https address of your logo image, e.g. https://example.com/logo.png. Leave empty for none."
            {...form.register('logoUrl', {
              validate: (v) => !v.trim() || /^https:\/\/\S+$/.test(v.trim()) || 'Enter an address starting with https://',
            })}
            error={form.formState.errors.logoUrl?.message}
          />
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              id="field-accentColor"
              label="Accent colour"
              description="A colour like #1f5fbf for buttons and links; it must be dark enough for white text."
              placeholder="#1f5fbf"
              style={{ flex: 1 }}
              {...form.register('accentColor', {
                validate: (v) => {
                  if (!v.trim()) return true;
                  if (!HEX.test(v.trim())) return 'Enter a colour as # and six digits or letters a–f, like #1f5fbf';
                  return contrastWithWhite(v.trim()) >= 4.5 || 'This colour is too light for white text: choose a darker shade';
                },
              })}
              error={form.formState.errors.accentColor?.message}
            />
            {contrast !== null && <ColorSwatch color={accent} aria-hidden size={36} />}
          </Group>
          {contrast !== null && (
            <Text size="sm" role="status">
              Contrast with white text: {contrast.toFixed(1)}:1 {contrast >= 4.5 ? '(readable)' : '(too light; at least 4.5:1 is needed)'}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save careers page
            </Button>
            {save.isSuccess && (
              <Text size="sm" role="status">
                Saved.
              </Text>
            )}
          </Group>
          <ErrorAlert error={save.error ?? settings.error} title="Careers page not saved" />
        </Stack>
      </form>
    </Paper>
  );
}
