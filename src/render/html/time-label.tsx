/** "25 Nov 2026, 04:30 UTC": one unambiguous zone for readers in several. */
export function timeLabel(iso: string): string {
  const d = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

export function Time(props: { iso: string }) {
  return <time datetime={new Date(props.iso).toISOString()}>{timeLabel(props.iso)}</time>;
}
