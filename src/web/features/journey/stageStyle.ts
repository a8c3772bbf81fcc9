import type { JourneyStage } from '../../../shared/journey';

/** One colour per stage, the same on the profile strip, the flow diagram and the bars. */
export const STAGE_COLOR: Record<JourneyStage | 'new', string> = {
  new: 'gray',
  pre_sale: 'yellow',
  in_sale: 'blue',
  post_sale: 'teal',
};

/** A CSS colour of the stage (Mantine variables; `shade` 0–9). */
export const stageVar = (stage: JourneyStage | 'new', shade = 6) => `var(--mantine-color-${STAGE_COLOR[stage]}-${shade})`;
