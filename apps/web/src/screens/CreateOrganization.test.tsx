import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { tokenStore } from '../api/client';
import { axeViolations, renderWithAuth } from '../test/render';
import { json, setApi } from '../test/setup';
import CreateOrganization, { suggestSlug } from './CreateOrganization';
import { CREATE_ORGANIZATION_PATH, SignIn } from './SignIn';

// Generous waits: these tests type whole forms, and CI machines are loaded.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 10_000 });

function renderAt(url: string, page: ReactNode) {
  return renderWithAuth(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path={url} element={page} />
        <Route path="/" element={<p>Signed in home</p>} />
        <Route path={CREATE_ORGANIZATION_PATH} element={<CreateOrganization />} />
      </Routes>
    </MemoryRouter>,
  );
}

const registration = {
  accessToken: 'token-of-the-new-admin',
  expiresIn: 3600,
  user: { id: 'u1', organizationId: 'o1', email: 'ada@acme.test', name: 'Ada Admin', roles: ['admin'] },
  organization: { id: 'o1', name: 'Café Lisboa & Co.', slug: 'cafe-lisboa-co', createdAt: '2026-12-01T00:00:00.000Z' },
};

async function fillForm(overrides: Partial<Record<'name' | 'slug' | 'person' | 'email' | 'password' | 'repeat', string>> = {}) {
  await userEvent.type(screen.getByRole('textbox', { name: /Organization name/ }), overrides.name ?? 'Café Lisboa & Co.');
  if (overrides.slug !== undefined) {
    const slug = screen.getByRole('textbox', { name: /Web address/ });
    await userEvent.clear(slug);
    await userEvent.type(slug, overrides.slug);
  }
  await userEvent.type(screen.getByRole('textbox', { name: /Your name/ }), overrides.person ?? 'Ada Admin');
  await userEvent.type(screen.getByRole('textbox', { name: /Your work email/ }), overrides.email ?? 'ada@acme.test');
  await userEvent.type(screen.getByLabelText(/^New password/), overrides.password ?? 'a-long-enough-password');
  await userEvent.type(screen.getByLabelText(/^Repeat the new password/), overrides.repeat ?? overrides.password ?? 'a-long-enough-password');
}

describe('Create your organization (sign-up)', () => {
  it('suggests a web address from the name: accents dropped, words joined by single dashes', () => {
    expect(suggestSlug('Café Lisboa & Co.')).toBe('cafe-lisboa-co');
    expect(suggestSlug('  ACME   Robotics -- Europe ')).toBe('acme-robotics-europe');
    expect(suggestSlug('!!!')).toBe('');
    expect(suggestSlug('x'.repeat(70))).toHaveLength(63);
    expect(suggestSlug(`${'a'.repeat(62)} robotics`)).toBe('a'.repeat(62));
  });

  it('is linked from the sign-in page', async () => {
    renderAt('/login', <SignIn />);
    await userEvent.click(screen.getByRole('link', { name: 'Create an organization' }));
    expect(await screen.findByRole('heading', { name: 'Create your organization' })).toBeTruthy();
  });

  it('says what is missing and sends nothing until the form is complete', async () => {
    const sent: unknown[] = [];
    setApi(async (request) => {
      sent.push(await request.text());
      return json(registration, 201);
    });
    renderAt(CREATE_ORGANIZATION_PATH, <CreateOrganization />);
    expect(await axeViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByText('Enter the name of your organization.')).toBeTruthy();
    expect(screen.getByText('Choose the web address of your careers page.')).toBeTruthy();
    expect(screen.getByText('Enter your name.')).toBeTruthy();
    expect(screen.getByText('Enter the email address you will sign in with.')).toBeTruthy();
    expect(screen.getByText('Choose a password.')).toBeTruthy();
    await fillForm({ slug: 'Not A Slug', repeat: 'another-long-password' });
    await userEvent.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByText(/Use lower-case letters and digits/)).toBeTruthy();
    expect(screen.getByText('The two passwords differ.')).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it('creates the organization with the suggested address, signs the new admin in and opens the app', async () => {
    tokenStore.set(null);
    const sent: unknown[] = [];
    setApi(async (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/v1/auth/register') {
        sent.push(JSON.parse(await request.text()));
        return json(registration, 201);
      }
      return json({ user: registration.user, organization: registration.organization });
    });
    renderAt(CREATE_ORGANIZATION_PATH, <CreateOrganization />);
    await fillForm();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /Web address/ }).value).toBe('cafe-lisboa-co');
    expect(screen.getByText(/Your careers page: .*\/careers\/cafe-lisboa-co/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByText('Signed in home')).toBeTruthy();
    expect(sent).toEqual([
      {
        organizationName: 'Café Lisboa & Co.',
        organizationSlug: 'cafe-lisboa-co',
        name: 'Ada Admin',
        email: 'ada@acme.test',
        password: 'a-long-enough-password',
      },
    ]);
    expect(tokenStore.get()).toBe('token-of-the-new-admin');
    tokenStore.set(null);
  });

  it('keeps an address the person typed when the name changes, and says in words when it is taken', async () => {
    tokenStore.set(null);
    setApi(() =>
      json(
        {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'identity.slug_taken',
          detail: 'This organization slug is taken.',
          errors: [{ field: 'organizationSlug', message: 'organizationSlug is already taken' }],
        },
        409,
      ),
    );
    renderAt(CREATE_ORGANIZATION_PATH, <CreateOrganization />);
    await fillForm({ slug: 'acme' });
    await userEvent.type(screen.getByRole('textbox', { name: /Organization name/ }), ' Europe');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /Web address/ }).value).toBe('acme');
    await userEvent.click(screen.getByRole('button', { name: 'Create organization' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your organization was not created');
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Web address/ }).getAttribute('aria-invalid')).toBe('true'));
    expect(document.body.textContent).not.toMatch(/organizationSlug|identity\./);
    expect(tokenStore.get()).toBeNull();
  });

  it('on a server that takes no new organizations: the sign-in page asks for an invitation and the sign-up page says why, with no form and nothing sent', async () => {
    const meta = document.createElement('meta');
    meta.name = 'hireloop-registration';
    meta.content = 'closed';
    document.head.append(meta);
    const sent: string[] = [];
    setApi((request) => {
      sent.push(request.url);
      return Promise.resolve(json(registration, 201));
    });
    try {
      const signIn = renderAt('/login', <SignIn />);
      expect(screen.getByText('New here? Ask an admin of your organization to invite you.')).toBeTruthy();
      expect(screen.queryByRole('link', { name: 'Create an organization' })).toBeNull();
      signIn.unmount();
      renderAt(CREATE_ORGANIZATION_PATH, <CreateOrganization />);
      expect(await screen.findByText(/does not take new organizations/)).toBeTruthy();
      expect(screen.queryByRole('textbox', { name: /Organization name/ })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Create organization' })).toBeNull();
      expect(sent).toEqual([]);
    } finally {
      meta.remove();
    }
  });
});
