"""Graph helpers: the one strongly-connected-components finder (recursive schemas in the MCP
tool builder, import cycles in the architecture test)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def strongly_connected_components(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (schema graphs can be deeper than the recursion limit).
    Every node appears in exactly one component; components and their members are sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    successors = {node: sorted(targets) for node, targets in edges.items()}

    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in sorted(successors):
        if root in index:
            continue
        enter(root)
        work = [(root, iter(successors.get(root, [])))]
        while work:
            current, children = work[-1]
            for child in children:
                if child not in index:
                    enter(child)
                    work.append((child, iter(successors.get(child, []))))
                    break
                if child in on_stack:
                    low[current] = min(low[current], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[current])
                if low[current] == index[current]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == current:
                            break
                    components.append(sorted(component))
    return sorted(components)


def nodes_on_cycles(edges: Mapping[str, Iterable[str]]) -> set[str]:
    """Nodes that can reach themselves: members of a component of two or more, or with a self-loop."""
    return {
        node
        for component in strongly_connected_components(edges)
        for node in component
        if len(component) > 1 or node in set(edges.get(node, ()))
    }
