import { Anchor, Button, Container, Paper, PasswordInput, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError, errorMessage } from '../api/client';
import { useAuth } from '../app/auth';

/** An organization the email and password open an account in (as the API names it on a 409 `identity.organization_required`). */
export interface OrganizationChoice {
  slug: string;
  name: string;
}

/** The organizations to choose from, when the sign-in answer asks for one; null for any other answer. */
export function organizationChoices(error: unknown): OrganizationChoice[] | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.problem.code !== 'identity.organization_required') return null;
  const listed = error.problem.organizations;
  if (!Array.isArray(listed)) return null;
  const choices = listed.filter(
    (o): o is OrganizationChoice =>
      typeof o === 'object' && o !== null && typeof (o as OrganizationChoice).slug === 'string' && typeof (o as OrganizationChoice).name === 'string',
  );
  return choices.length > 1 ? choices : null;
}

/** A fact the server writes into the page's shell as a meta tag (apps/api/src/web/web-app.ts), or null without it. */
function shellMeta(name: 'hireloop-demo-sign-in' | 'hireloop-registration'): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || null;
}

/** The demo sign-in the server writes into the page where the demo organization is loaded (development); null elsewhere. */
export function demoSignIn(): string | null {
  return shellMeta('hireloop-demo-sign-in');
}

/** True when the server takes no new organizations (`REGISTRATION=closed`). */
export function registrationClosed(): boolean {
  return shellMeta('hireloop-registration') === 'closed';
}

/** Where a new team creates its organization (the sign-up page, linked from here). */
export const CREATE_ORGANIZATION_PATH = '/create-organization';

export function SignIn() {
  const { signIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  // Set when the email and password open accounts in several organizations: the person picks one, then signs in again.
  const [choices, setChoices] = useState<OrganizationChoice[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [choiceMissing, setChoiceMissing] = useState(false);
  const forgetChoices = () => {
    setChoices(null);
    setChosen(null);
    setChoiceMissing(false);
  };
  const form = useForm<{ email: string; password: string }>({ defaultValues: { email: '', password: '' } });
  const submit = form.handleSubmit(async ({ email, password }) => {
    setError(null);
    if (choices && !chosen) {
      setChoiceMissing(true);
      return;
    }
    try {
      await signIn(email, password, choices ? (chosen ?? undefined) : undefined);
    } catch (e) {
      const offered = organizationChoices(e);
      if (offered) {
        setChoices(offered);
        setChosen(null);
        setChoiceMissing(false);
      } else {
        setError(errorMessage(e));
      }
    }
  });
  const names = (choices ?? []).map((c) => c.name);
  const demo = demoSignIn();
  return (
    <Container size={420} py={64} component="main">
      <Title order={1} ta="center">
        Sign in to Hireloop
      </Title>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
          <Stack>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              {...form.register('email', { required: 'Enter your email', onChange: forgetChoices })}
              error={form.formState.errors.email?.message}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.register('password', { required: 'Enter your password', onChange: forgetChoices })}
              error={form.formState.errors.password?.message}
            />
            {choices && (
              <Radio.Group
                label="Which organization do you want to sign in to?"
                description="This email address and password open an account in each of these organizations."
                value={chosen}
                onChange={(value) => {
                  setChosen(value);
                  setChoiceMissing(false);
                }}
                error={choiceMissing ? 'Choose the organization to sign in to.' : undefined}
                name="organization"
                required
              >
                <Stack gap={6} mt={6}>
                  {choices.map((c) => (
                    <Radio
                      key={c.slug}
                      value={c.slug}
                      label={c.name}
                      // Two organizations of the same name are told apart by their web address.
                      description={names.filter((n) => n === c.name).length > 1 ? `Careers page: ${window.location.origin}/careers/${c.slug}` : undefined}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            {error && (
              <Text c="red.9" size="sm" role="alert">
                {error}
              </Text>
            )}
            <Button type="submit" loading={form.formState.isSubmitting}>
              Sign in
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
              Forgot your password?
            </Anchor>
          </Stack>
        </form>
      </Paper>
      {registrationClosed() ? (
        <Text size="sm" mt="md" ta="center">
          New here? Ask an admin of your organization to invite you.
        </Text>
      ) : (
        <Text size="sm" mt="md" ta="center">
          New to Hireloop?{' '}
          <Anchor component={Link} to={CREATE_ORGANIZATION_PATH}>
            Create an organization
          </Anchor>
        </Text>
      )}
      {demo && (
        <Text size="sm" c="dimmed" mt="xs" ta="center">
          Demo: {demo}
        </Text>
      )}
    </Container>
  );
}
