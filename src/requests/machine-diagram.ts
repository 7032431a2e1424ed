/** Mermaid state diagram of an XState machine (for `npm run docs:machine`). Pure. */
interface NodeLike {
  key: string;
  id: string;
  type: string;
  initial?: { target: readonly NodeLike[] };
  states: Record<string, NodeLike>;
  transitions: Map<string, readonly { target?: readonly NodeLike[]; eventType: string }[]>;
  always?: readonly { target?: readonly NodeLike[] }[];
}

function name(node: NodeLike): string {
  return node.id.replace(/^[^.]+\./, '').replace(/\./g, '_') || node.key;
}

export function mermaidOf(root: NodeLike): string {
  const lines = ['stateDiagram-v2'];
  const seen = new Set<string>();
  const edge = (line: string) => {
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  };
  const visit = (node: NodeLike, indent: string) => {
    const children = Object.values(node.states);
    for (const child of children) {
      if (Object.keys(child.states).length) {
        lines.push(`${indent}state ${name(child)} {`);
        visit(child, indent + '  ');
        lines.push(`${indent}}`);
      }
    }
    if (node.initial?.target.length) lines.push(`${indent}[*] --> ${name(node.initial.target[0])}`);
    for (const child of children) {
      for (const [event, ts] of child.transitions) {
        for (const t of ts) for (const target of t.target ?? []) edge(`${indent}${name(child)} --> ${name(target)}: ${event}`);
      }
      for (const t of child.always ?? []) for (const target of t.target ?? []) edge(`${indent}${name(child)} --> ${name(target)}`);
      if (child.type === 'final') lines.push(`${indent}${name(child)} --> [*]`);
    }
  };
  visit(root, '  ');
  // Transitions defined on the root (events accepted in every open state) go from the root's children.
  for (const [event, ts] of root.transitions) {
    for (const t of ts) for (const target of t.target ?? []) edge(`  note right of ${name(target)}: ${event} from any open state`);
  }
  return lines.join('\n');
}
