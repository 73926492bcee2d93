import { Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { errorMessage } from '../api/client';
import { useAuth } from '../app/auth';

export function SignIn() {
  const { signIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ email: string; password: string }>({ defaultValues: { email: '', password: '' } });
  const submit = form.handleSubmit(async ({ email, password }) => {
    setError(null);
    try {
      await signIn(email, password);
    } catch (e) {
      setError(errorMessage(e));
    }
  });
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
              {...form.register('email', { required: 'Enter your email' })}
              error={form.formState.errors.email?.message}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.register('password', { required: 'Enter your password' })}
              error={form.formState.errors.password?.message}
            />
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
      <Text size="sm" c="dimmed" mt="md" ta="center">
        Demo: recruiter@demo.hireloop.dev / hireloop-demo-1
      </Text>
    </Container>
  );
}
