import { options } from './runtime/jsx-runtime.js';

/**
 * The widget's parts for `::part()`: each `rb-ctc-*` class of `<ClickToCall/>` gives
 * its element the part of the same name (`rb-ctc` itself is `widget`), and its
 * secondary buttons are also `secondary`.
 */
export const WIDGET_PARTS = [
  'widget',
  'form',
  'field',
  'label',
  'row',
  'prefix',
  'select',
  'input',
  'error',
  'consent',
  'note',
  'button',
  'secondary',
  'steps',
  'status',
  'actions',
] as const;

/** The floating button's own parts. */
export const LAUNCHER_PARTS = ['launcher', 'panel', 'close'] as const;

options.vnode = ({ type, props }) => {
  const name = typeof props.className === 'string' && props.className.split(' ')[0]!;
  if (typeof type === 'string' && name && name.startsWith('rb-ctc') && name !== 'rb-ctc-sr') {
    props.part = (name.slice(7) || 'widget') + (props['data-variant'] ? ' secondary' : '');
  }
};
