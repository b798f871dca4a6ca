/**
 * Report charts (recharts renders SVG from React: no injected <style> or inline scripts, so the
 * strict CSP holds). Colours come from the theme's CSS variables, read when the theme changes.
 */
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportBucket } from '../../../../common/tracker/views';
import { useAppSelector } from '../../../app/hooks';
import { hours } from '../shared/format';

function useThemeColours() {
  const theme = useAppSelector((s) => s.theme.theme);
  return useMemo(() => {
    const css = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    return { accent: read('--accent', '#5b8cff'), text: read('--muted', '#9aa3b2'), grid: read('--border', '#2a303b'), bg: read('--bg-raised', '#181c23') };
    // The variables change with the theme attribute.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme]);
}

export function DayChart({ days }: { days: ReportBucket[] }) {
  const c = useThemeColours();
  const data = days.map((d) => ({ day: d.key.slice(5), hours: hours(d.ms) }));
  return (
    <div className="chart" data-testid="chart-by-day" role="img" aria-label={`Bar chart of hours per day, ${days.filter((d) => d.ms > 0).length} days with time`}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={c.grid} vertical={false} />
          <XAxis dataKey="day" stroke={c.text} tick={{ fill: c.text, fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis stroke={c.text} tick={{ fill: c.text, fontSize: 11 }} allowDecimals={false} />
          <Tooltip contentStyle={{ background: c.bg, border: `1px solid ${c.grid}` }} cursor={{ fill: c.grid }} formatter={(v) => [`${String(v)} h`, 'Hours']} />
          <Bar dataKey="hours" fill={c.accent} radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ProjectChart({ projects }: { projects: (ReportBucket & { colour: string })[] }) {
  const c = useThemeColours();
  const data = projects.map((p) => ({ name: p.label, hours: hours(p.ms), colour: p.colour }));
  return (
    <div className="chart" data-testid="chart-by-project" role="img" aria-label={`Bar chart of hours per project, ${projects.length} projects`}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={c.grid} horizontal={false} />
          <XAxis type="number" stroke={c.text} tick={{ fill: c.text, fontSize: 11 }} allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={110} stroke={c.text} tick={{ fill: c.text, fontSize: 12 }} />
          <Tooltip contentStyle={{ background: c.bg, border: `1px solid ${c.grid}` }} cursor={{ fill: c.grid }} formatter={(v) => [`${String(v)} h`, 'Hours']} />
          <Bar dataKey="hours" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.colour} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
