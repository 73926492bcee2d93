import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, Role, Schemas, tokenStore, unwrap } from '../api/client';

interface AuthState {
  me: Schemas['MeDto'] | undefined;
  loading: boolean;
  /** Signs in; `organizationSlug` picks the organization when the email and password open accounts in several. */
  signIn: (email: string, password: string, organizationSlug?: string) => Promise<void>;
  signOut: () => void;
  /** After a password change: the fresh token replaces the old one (which no longer works). */
  adoptToken: (token: string) => void;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(tokenStore.get());
  const me = useQuery({ queryKey: ['me', token], queryFn: () => unwrap(api.GET('/v1/me')), enabled: !!token, retry: false, staleTime: 60_000 });

  useEffect(() => {
    const onSignedOut = () => setToken(null);
    window.addEventListener('hireloop:signed-out', onSignedOut);
    return () => window.removeEventListener('hireloop:signed-out', onSignedOut);
  }, []);

  const signIn = useCallback(
    async (email: string, password: string, organizationSlug?: string) => {
      const result = await unwrap(api.POST('/v1/auth/login', { body: { email, password, ...(organizationSlug ? { organizationSlug } : {}) } }));
      tokenStore.set(result.accessToken);
      queryClient.clear();
      setToken(result.accessToken);
    },
    [queryClient],
  );

  const adoptToken = useCallback(
    (next: string) => {
      tokenStore.set(next);
      queryClient.clear();
      setToken(next);
    },
    [queryClient],
  );

  const signOut = useCallback(() => {
    tokenStore.set(null);
    queryClient.clear();
    setToken(null);
  }, [queryClient]);

  const value = useMemo<AuthState>(() => {
    const roles = me.data?.user.roles ?? [];
    return {
      me: token ? me.data : undefined,
      loading: !!token && me.isPending,
      signIn,
      signOut,
      adoptToken,
      hasRole: (...wanted) => wanted.some((r) => roles.includes(r)),
    };
  }, [me.data, me.isPending, token, signIn, signOut, adoptToken]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
