import { Center, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { SetupScreen } from './auth/SetupScreen';
import { SignInScreen } from './auth/SignInScreen';
import { errorMessage } from './common/errors';
import { AppFrame } from './frame/AppFrame';
import { useTRPC } from './trpc';

/** First run → create the administrator; signed out → sign in; otherwise the workstation. */
export function App() {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  if (status.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (status.isError) {
    return (
      <Center h="100vh">
        <Text c="red">Loupe could not reach its core: {errorMessage(status.error)}</Text>
      </Center>
    );
  }
  if (status.data.needsFirstAdmin) return <SetupScreen />;
  if (!status.data.user) return <SignInScreen />;
  return <AppFrame user={status.data.user} />;
}
