/**
 * One query of estimated cost 645,401 (200 topics, each with nested owners, topics and members),
 * written in several ways: plain aliases, named fragments, inline fragments, a variable for
 * `first`, directives. However it is written, its cost is the same and it is refused.
 */
const DEEP = 'owner { topics { owner { topics { owner { members { username } } } } } }'; // 1,222
const MID = 'owner { topics { owner { topics { name } } } }'; // 122
const SHORT = 'owner { members { username } }'; // 12

function nodeSelection(deep: string, mid: string, short: string): string {
  const aliased = (prefix: string, n: number, body: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}: ${body}`).join(' ');
  return `name ${aliased('d', 2, deep)} ${aliased('m', 6, mid)} ${aliased('s', 4, short)}`;
}

export const COST_645401 = 645_401;

export const COSTLY_SPELLINGS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  aliases: { query: `{ topics(first: 200) { edges { node { ${nodeSelection(DEEP, MID, SHORT)} } } } }` },
  fragments: {
    query: `query { topics(first: 200) { edges { node { ...N } } } }
      fragment N on Topic { ${nodeSelection('...D', '...M', '...S').replace(/(\w+): \.\.\.(\w)/g, '...$2')} }
      fragment D on Topic { ${DEEP} } fragment M on Topic { ${MID} } fragment S on Topic { ${SHORT} }`,
  },
  inlineFragments: {
    query: `{ topics(first: 200) { edges { ... on TopicEdge { node { ... on Topic { ${nodeSelection(DEEP, MID, SHORT)} } } } } } }`,
  },
  variableFirst: {
    query: `query($n: Int) { topics(first: $n) { edges { node { ${nodeSelection(DEEP, MID, SHORT)} } } } }`,
    variables: { n: 200 },
  },
  variableDefault: { query: `query($n: Int = 200) { topics(first: $n) { edges { node { ${nodeSelection(DEEP, MID, SHORT)} } } } }` },
  directives: {
    query: `query($yes: Boolean = true) { topics(first: 200) @include(if: $yes) { edges { node { ${nodeSelection(DEEP, MID, SHORT)} } } } }`,
  },
};
