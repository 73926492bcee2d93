import { Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useAuth } from '../app/auth';
import { FormProblem, showFieldErrors } from '../components/FieldErrors';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { SignedOutPage } from './AccountPages';
import { registrationClosed } from './SignIn';

/** The fields the API names (`POST /v1/auth/register`), so its field errors land beside them. */
const FIELDS = ['organizationName', 'organizationSlug', 'name', 'email', 'password'] as const;

type NewOrganization = { organizationName: string; organizationSlug: string; name: string; email: string; password: string; repeat: string };

/** The API's rule for an organization's web address: lower-case letters and digits, single dashes between them. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A web address suggested from the organization's name: "Café Lisboa & Co." → "cafe-lisboa-co". */
export function suggestSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .join('-')
    .slice(0, 63);
  // Cut at 63 characters, it may end in the one dash between two words.
  return slug.endsWith('-') ? slug.slice(0, -1) : slug;
}

/**
 * Sign-up for a new team: the organization (its name and the web address of its careers page) and its first admin. The
 * answer signs the admin in; the confirmation email that follows unlocks inviting the rest of the team. On a server that
 * takes no new organizations (`REGISTRATION=closed`) the page says so instead of showing a form that would be refused.
 */
export default function CreateOrganization() {
  return registrationClosed() ? <RegistrationClosed /> : <NewOrganizationForm />;
}

function RegistrationClosed() {
  return (
    <SignedOutPage title="Create your organization">
      <Text ta="center" mt="sm">
        This Hireloop server does not take new organizations. If your team already uses it, ask an admin of your organization to invite you.
      </Text>
    </SignedOutPage>
  );
}

function NewOrganizationForm() {
  const { adoptToken } = useAuth();
  const navigate = useNavigate();
  const form = useForm<NewOrganization>({
    defaultValues: { organizationName: '', organizationSlug: '', name: '', email: '', password: '', repeat: '' },
    shouldFocusError: true,
  });
  // The address follows the name until the person types one of their own.
  const slugTouched = form.formState.dirtyFields.organizationSlug === true;
  const nameField = form.register('organizationName', {
    required: 'Enter the name of your organization.',
    maxLength: { value: 200, message: 'Use at most 200 characters.' },
    onChange: (e: { target: { value: string } }) => {
      if (!slugTouched) form.setValue('organizationSlug', suggestSlug(e.target.value));
    },
  });
  const create = useMutation({
    mutationFn: ({ repeat: _repeat, ...body }: NewOrganization) =>
      unwrap(
        api.POST('/v1/auth/register', { body: { ...body, organizationName: body.organizationName.trim(), name: body.name.trim(), email: body.email.trim() } }),
      ),
    onSuccess: (result) => {
      adoptToken(result.accessToken);
      void navigate('/', { replace: true });
    },
    onError: (error) => showFieldErrors(error, form, FIELDS),
  });
  const slug = form.watch('organizationSlug');
  return (
    <SignedOutPage title="Create your organization">
      <Text ta="center" mt="sm">
        You become its first admin. Afterwards you invite your team and set up departments, offices and hiring rules.
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate aria-label="Create your organization">
          <Stack>
            <TextInput label="Organization name" autoComplete="organization" required {...nameField} error={form.formState.errors.organizationName?.message} />
            <TextInput
              label="Web address"
              description={`Your careers page: ${window.location.origin}/careers/${slug && SLUG.test(slug) ? slug : '…'}`}
              required
              {...form.register('organizationSlug', {
                required: 'Choose the web address of your careers page.',
                minLength: { value: 2, message: 'Use at least 2 characters.' },
                maxLength: { value: 63, message: 'Use at most 63 characters.' },
                pattern: { value: SLUG, message: 'Use lower-case letters and digits, with single dashes between words (such as acme-robotics).' },
              })}
              error={form.formState.errors.organizationSlug?.message}
            />
            <TextInput
              label="Your name"
              autoComplete="name"
              required
              {...form.register('name', { required: 'Enter your name.', maxLength: { value: 200, message: 'Use at most 200 characters.' } })}
              error={form.formState.errors.name?.message}
            />
            <TextInput
              label="Your work email"
              type="email"
              autoComplete="username"
              required
              {...form.register('email', {
                required: 'Enter the email address you will sign in with.',
                pattern: { value: /^[^\s@]+@[^\s@]+$/, message: 'Enter an email address such as rita@example.com.' },
              })}
              error={form.formState.errors.email?.message}
            />
            <NewPasswordFields form={form} name="password" emptyMessage="Choose a password." />
            <FormProblem error={create.error} title="Your organization was not created" fields={FIELDS} />
            <Button type="submit" loading={create.isPending}>
              Create organization
            </Button>
          </Stack>
        </form>
      </Paper>
    </SignedOutPage>
  );
}
