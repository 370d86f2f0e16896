import { fourDigitYear, readerLabel } from '../dates';

export function timeLabel(iso: string): string {
  return readerLabel(new Date(iso));
}

export function Time(props: { iso: string }) {
  return <time datetime={fourDigitYear(new Date(props.iso)).toISOString()}>{timeLabel(props.iso)}</time>;
}
