import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm teal that reads well on white and passes contrast for filled buttons.
const brand: MantineColorsTuple = [
  '#e6fcf9', '#d4f5f0', '#a9eae0', '#7adecf', '#55d4c1', '#3ccdb8', '#2bc9b3',
  '#19b29d', '#009e8b', '#008977',
];

// System fonts with full Vietnamese coverage; Be Vietnam Pro is used when the machine has it.
const fontFamily =
  '"Be Vietnam Pro", "Inter", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 8, dark: 6 },
  colors: { brand },
  fontFamily,
  headings: { fontFamily, fontWeight: '600' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Badge: { defaultProps: { radius: 'sm' } },
    Paper: { defaultProps: { withBorder: true } },
  },
});
