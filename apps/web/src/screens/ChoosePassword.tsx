import { Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { api, unwrap } from '../api/client';
import { useAuth } from '../app/auth';
import { FormProblem, showFieldErrors } from '../components/FieldErrors';
import { NewPasswordFields } from '../components/NewPasswordFields';

type Values = { currentPassword: string; newPassword: string; repeat: string };

/** First sign-in with a one-time password: the person chooses their own before anything else opens. */
export function ChoosePassword() {
  const { me, adoptToken, signOut } = useAuth();
  const form = useForm<Values>({ defaultValues: { currentPassword: '', newPassword: '', repeat: '' }, shouldFocusError: true });
  const change = useMutation({
    mutationFn: (v: Values) => unwrap(api.POST('/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } })),
    onSuccess: (result) => adoptToken(result.accessToken),
    onError: (error) => showFieldErrors(error, form, ['currentPassword', 'newPassword']),
  });
  const errors = form.formState.errors;
  return (
    <Container size={460} py={64} component="main">
      <Title order={1} ta="center">
        Choose your password
      </Title>
      <Text ta="center" mt="sm">
        Welcome{me ? `, ${me.user.name}` : ''}. You signed in with a one-time password; choose your own to continue.
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        <form onSubmit={(e) => void form.handleSubmit((v) => change.mutate(v))(e)} noValidate aria-label="Choose your password">
          <Stack>
            <PasswordInput
              label="One-time password"
              autoComplete="current-password"
              required
              {...form.register('currentPassword', { required: 'Enter the one-time password you signed in with.' })}
              error={errors.currentPassword?.message}
            />
            <NewPasswordFields form={form} name="newPassword" emptyMessage="Choose a new password." />
            <FormProblem error={change.error} title="Password not changed" fields={['currentPassword', 'newPassword']} />
            <Button type="submit" loading={change.isPending}>
              Save my password
            </Button>
            <Button variant="subtle" onClick={signOut}>
              Sign out
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
