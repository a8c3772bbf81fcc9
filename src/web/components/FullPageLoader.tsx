import { Center, Loader } from '@mantine/core';

/** A centred spinner while the first data of a page loads. */
export function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}
