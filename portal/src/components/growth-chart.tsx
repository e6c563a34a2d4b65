import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface GrowthPoint {
  version: number;
  leafFields: number;
  taggedLeafFields: number;
}

/**
 * Leaf fields per version against the field budget (recharts). Loaded only on a topic page that
 * has versions; the same figures are in the table beside it for screen readers and keyboards.
 */
export default function GrowthChart({ points, budget }: { points: GrowthPoint[]; budget: number }) {
  const data = points.map((p) => ({ version: `v${p.version}`, tagged: p.taggedLeafFields, untagged: p.leafFields - p.taggedLeafFields }));
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Leaf fields per version against a budget of ${budget}: ${points.map((p) => `version ${p.version} has ${p.leafFields}`).join(', ')}`}
    >
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="version" />
          <YAxis allowDecimals={false} domain={[0, Math.max(budget, ...points.map((p) => p.leafFields)) + 2]} />
          <Tooltip />
          <Legend />
          <Bar dataKey="untagged" stackId="fields" name="Untagged fields" fill="#4a6fa5" isAnimationActive={false} />
          <Bar dataKey="tagged" stackId="fields" name="Tagged fields" fill="#b5651d" isAnimationActive={false} />
          <ReferenceLine y={budget} stroke="#a00" strokeDasharray="6 3" label={{ value: `budget ${budget}`, position: 'insideTopRight' }} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
