import { Alert, Anchor, Button, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { useAuth } from '../app/auth';
import { problemSummary } from '../app/problems';
import { FormProblem, showFieldErrors } from '../components/FieldErrors';
import { NewPasswordFields } from '../components/NewPasswordFields';

/** The pages an emailed link opens, and the forgotten-password page: they work signed in or not. */
export const ACCOUNT_PAGE_PATHS = ['/forgot-password', '/reset-password', '/accept-invitation', '/confirm-email'] as const;

export function AccountPage({ path }: { path: string }) {
  switch (path) {
    case '/forgot-password':
      return <ForgotPassword />;
    case '/reset-password':
      return <ResetPassword />;
    case '/accept-invitation':
      return <AcceptInvitation />;
    case '/confirm-email':
      return <ConfirmEmail />;
    default:
      return null;
  }
}

/** The frame of the pages a signed-out person sees besides sign-in: a title, the page, and the way back to sign in. */
export function SignedOutPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Container size={460} py={64} component="main">
      <Title order={1} ta="center">
        {title}
      </Title>
      {children}
      <Text size="sm" ta="center" mt="md">
        <Anchor component={Link} to="/">
          Back to sign in
        </Anchor>
      </Text>
    </Container>
  );
}

/** The sentence of a failed request, from the problem's code (never the code itself). */
function problemSentence(error: unknown): string {
  return error instanceof ApiError ? problemSummary(error.problem) : 'Something went wrong. Try again.';
}

function MissingToken() {
  return (
    <Alert color="red" title="This link is incomplete" role="alert" mt="lg">
      Open the link from the email again, or copy the whole address from it into your browser.
    </Alert>
  );
}

export function ForgotPassword() {
  const form = useForm<{ email: string }>({ defaultValues: { email: '' }, shouldFocusError: true });
  const request = useMutation({
    mutationFn: (v: { email: string }) => unwrap(api.POST('/v1/auth/forgot-password', { body: { email: v.email.trim() } })),
    onError: (error) => showFieldErrors(error, form, ['email']),
  });
  return (
    <SignedOutPage title="Forgot your password?">
      {request.isSuccess ? (
        <Alert color="green" title="Check your email" role="status" mt="lg">
          If an account uses {request.variables?.email.trim()}, we have sent it a link to choose a new password. The link works for 1 hour. If nothing arrives,
          check your spam folder or ask an admin of your organization.
        </Alert>
      ) : (
        <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
          <form onSubmit={(e) => void form.handleSubmit((v) => request.mutate(v))(e)} noValidate aria-label="Reset your password">
            <Stack>
              <Text size="sm">Enter the email address you sign in with. We will send you a link to choose a new password.</Text>
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                {...form.register('email', {
                  required: 'Enter the email address you sign in with.',
                  pattern: { value: /^[^\s@]+@[^\s@]+$/, message: 'Enter an email address such as rita@example.com.' },
                })}
                error={form.formState.errors.email?.message}
              />
              <FormProblem error={request.error} title="Nothing was sent" fields={['email']} />
              <Button type="submit" loading={request.isPending}>
                Send me a link
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
    </SignedOutPage>
  );
}

type NewPassword = { password: string; repeat: string };

/** A new password typed twice, sent with the link's token; the answer signs the person in. */
function NewPasswordForm({ label, submitLabel, send }: { label: string; submitLabel: string; send: (password: string) => Promise<{ accessToken: string }> }) {
  const { adoptToken } = useAuth();
  const navigate = useNavigate();
  const form = useForm<NewPassword>({ defaultValues: { password: '', repeat: '' }, shouldFocusError: true });
  const save = useMutation({
    mutationFn: (v: NewPassword) => send(v.password),
    onSuccess: (result) => {
      adoptToken(result.accessToken);
      void navigate('/', { replace: true });
    },
    onError: (error) => showFieldErrors(error, form, ['password']),
  });
  return (
    <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
      <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate aria-label={label}>
        <Stack>
          <NewPasswordFields form={form} name="password" emptyMessage="Choose a password." />
          <FormProblem error={save.error} title="Your password was not saved" fields={['password']} />
          <Button type="submit" loading={save.isPending}>
            {submitLabel}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  return (
    <SignedOutPage title="Choose a new password">
      {token ? (
        <>
          <Text ta="center" mt="sm">
            Once saved, you are signed in here and signed out everywhere else.
          </Text>
          <NewPasswordForm
            label="Choose a new password"
            submitLabel="Save my new password"
            send={(password) => unwrap(api.POST('/v1/auth/reset-password', { body: { token, password } }))}
          />
        </>
      ) : (
        <MissingToken />
      )}
    </SignedOutPage>
  );
}

export function AcceptInvitation() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => unwrap(api.POST('/v1/auth/invitation', { body: { token } })),
    enabled: !!token,
    retry: false,
    staleTime: Infinity,
  });
  return (
    <SignedOutPage title="Welcome to Hireloop">
      {!token ? (
        <MissingToken />
      ) : invitation.isPending ? (
        <Text ta="center" mt="lg" role="status">
          Opening your invitation…
        </Text>
      ) : invitation.isError ? (
        <Alert color="red" title="This invitation cannot be used" role="alert" mt="lg">
          {problemSentence(invitation.error)} An admin of your organization can invite you again.
        </Alert>
      ) : (
        <>
          <Text ta="center" mt="sm">
            Hello {invitation.data.name}. Choose a password to accept your invitation; you sign in with it and your email address from now on.
          </Text>
          <NewPasswordForm
            label="Accept your invitation"
            submitLabel="Accept and sign in"
            send={(password) => unwrap(api.POST('/v1/auth/accept-invitation', { body: { token, password } }))}
          />
        </>
      )}
    </SignedOutPage>
  );
}

/** The confirmation link's page: one button (a mail scanner opening the link confirms nothing by itself). */
export function ConfirmEmail() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST('/v1/auth/confirm-email', { body: { token } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
  return (
    <SignedOutPage title="Confirm your email address">
      {!token ? (
        <MissingToken />
      ) : confirm.isSuccess ? (
        <Alert color="green" title="Your email address is confirmed" role="status" mt="lg">
          Thank you. You can now invite your colleagues.{' '}
          <Anchor component={Link} to="/">
            Continue to Hireloop
          </Anchor>
        </Alert>
      ) : (
        <Stack mt="lg">
          <Text ta="center">Confirm that this email address is yours, so you can invite your colleagues to Hireloop.</Text>
          {confirm.isError && (
            <Alert color="red" title="Not confirmed" role="alert">
              {problemSentence(confirm.error)}
            </Alert>
          )}
          <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
            Confirm my email address
          </Button>
        </Stack>
      )}
    </SignedOutPage>
  );
}

/** Shown to a signed-in user whose email address is not confirmed yet (an admin who registered the organization). */
export function ConfirmEmailBanner({ email }: { email: string }) {
  const resend = useMutation({ mutationFn: () => unwrap(api.POST('/v1/auth/resend-confirmation')) });
  return (
    <section aria-label="Confirm your email address">
      <Alert color="yellow" title="Please confirm your email address" mb="md">
        <Stack gap="xs">
          <Text size="sm">We sent a link to {email}. Until you open it, you can set up your organization but not invite colleagues.</Text>
          {resend.isSuccess ? (
            <Text size="sm" role="status">
              {resend.data.sent ? `We sent a new link to ${email}. Earlier links no longer work.` : 'Your email address is already confirmed.'}
            </Text>
          ) : (
            <div>
              <Button size="xs" variant="default" onClick={() => resend.mutate()} loading={resend.isPending}>
                Send the link again
              </Button>
            </div>
          )}
          {resend.isError && (
            <Text size="sm" c="red.9" role="alert">
              {problemSentence(resend.error)}
            </Text>
          )}
        </Stack>
      </Alert>
    </section>
  );
}
