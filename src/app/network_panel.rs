//! The co-occurrence view: actors as nodes, linked when they are mentioned in the same sentence,
//! weighted by how often; a node's size follows its mentions. Click a node to select the actor.

use super::command::Command;
use super::selection::{Item, Selection};
use super::theme;
use crate::actors::{Actors, Totals};
use crate::analysis::entities::EntityKind;
use crate::model::ArticleId;
use eframe::egui::{self, Pos2, Stroke, Vec2};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// How many actors (the most mentioned) the view draws.
pub const MAX_NODES: usize = 40;

/// One actor in the view, at a position in the unit square.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    pub name: String,
    pub kind: EntityKind,
    pub mentions: usize,
    pub pos: [f32; 2],
}

/// The graph: nodes and weighted edges (node indices, sentences shared).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NetworkData {
    pub nodes: Vec<Node>,
    pub edges: Vec<(usize, usize, u32)>,
}

/// Counts how often the most mentioned actors share a sentence, mention by mention, and lays
/// the graph out.
pub struct Cooccurrence {
    /// (name, kind, mentions) of each node, most mentioned first.
    nodes: Vec<(String, EntityKind, usize)>,
    /// The node of each actor of the totals, if it is one.
    node_of: Vec<Option<usize>>,
    /// The nodes named in each sentence seen since the last [`Cooccurrence::flush`].
    sentences: HashMap<(ArticleId, u32), BTreeSet<usize>>,
    weights: HashMap<(usize, usize), u32>,
}

impl Cooccurrence {
    /// The `max_nodes` most mentioned actors of `totals`, not yet linked.
    pub fn new(totals: &Totals, max_nodes: usize) -> Self {
        let mut order: Vec<usize> = (0..totals.actors.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&totals.actors[a], &totals.actors[b]);
            b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name))
        });
        order.truncate(max_nodes);
        let mut node_of = vec![None; totals.actors.len()];
        for (n, &a) in order.iter().enumerate() {
            node_of[a] = Some(n);
        }
        Cooccurrence {
            nodes: order
                .iter()
                .map(|&a| {
                    let a = &totals.actors[a];
                    (a.name.clone(), a.kind, a.mentions)
                })
                .collect(),
            node_of,
            sentences: HashMap::new(),
            weights: HashMap::new(),
        }
    }

    /// A mention in sentence `sentence` of `article` of the actor `actor` (an index into the
    /// totals).
    pub fn add(&mut self, article: ArticleId, sentence: u32, actor: Option<usize>) {
        if let Some(node) = actor.and_then(|a| self.node_of.get(a).copied().flatten()) {
            self.sentences
                .entry((article, sentence))
                .or_default()
                .insert(node);
        }
    }

    /// Links the nodes of each sentence added so far; call it between ranges of whole articles
    /// to keep few sentences in memory.
    pub fn flush(&mut self) {
        for (_, nodes) in self.sentences.drain() {
            let nodes: Vec<usize> = nodes.into_iter().collect();
            for (i, &a) in nodes.iter().enumerate() {
                for &b in &nodes[i + 1..] {
                    *self.weights.entry((a, b)).or_default() += 1;
                }
            }
        }
    }

    /// The graph, laid out.
    pub fn finish(mut self) -> NetworkData {
        self.flush();
        let mut edges: Vec<(usize, usize, u32)> = self
            .weights
            .into_iter()
            .map(|((a, b), w)| (a, b, w))
            .collect();
        edges.sort_unstable();
        let positions = layout(self.nodes.len(), &edges);
        let nodes = self
            .nodes
            .into_iter()
            .zip(positions)
            .map(|((name, kind, mentions), pos)| Node {
                name,
                kind,
                mentions,
                pos,
            })
            .collect();
        NetworkData { nodes, edges }
    }
}

impl NetworkData {
    /// The `max_nodes` most mentioned actors and how often each pair shares a sentence.
    pub fn new(actors: &Actors, max_nodes: usize) -> Self {
        let mut network = Cooccurrence::new(&Totals::from(actors), max_nodes);
        for m in &actors.mentions {
            network.add(m.article, m.sentence, m.actor);
        }
        network.finish()
    }
}

/// A deterministic force-directed layout (Fruchterman–Reingold) in the unit square, starting
/// from a circle.
fn layout(n: usize, edges: &[(usize, usize, u32)]) -> Vec<[f32; 2]> {
    let mut pos: Vec<Vec2> = (0..n)
        .map(|i| {
            let angle = i as f32 / n.max(1) as f32 * std::f32::consts::TAU;
            Vec2::new(0.5 + 0.4 * angle.cos(), 0.5 + 0.4 * angle.sin())
        })
        .collect();
    if n < 2 {
        return pos.iter().map(|p| [p.x, p.y]).collect();
    }
    let k = (1.0 / n as f32).sqrt() * 0.8;
    let mut temperature = 0.1;
    for _ in 0..250 {
        let mut shift = vec![Vec2::ZERO; n];
        for i in 0..n {
            for j in i + 1..n {
                let d = pos[i] - pos[j];
                let dist = d.length().max(0.01);
                let push = d / dist * (k * k / dist);
                shift[i] += push;
                shift[j] -= push;
            }
        }
        for &(a, b, w) in edges {
            let d = pos[a] - pos[b];
            let dist = d.length().max(0.01);
            let pull = d / dist * (dist * dist / k) * (1.0 + (w as f32).ln());
            shift[a] -= pull;
            shift[b] += pull;
        }
        for (p, s) in pos.iter_mut().zip(&shift) {
            let len = s.length().max(1e-6);
            *p += *s / len * len.min(temperature);
            // A gentle pull to the centre keeps loose nodes on screen.
            *p += (Vec2::splat(0.5) - *p) * 0.01;
        }
        temperature *= 0.98;
    }
    // Fit into the unit square with a margin.
    let (min, max) = pos.iter().fold(
        (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)),
        |(lo, hi), p| (lo.min(*p), hi.max(*p)),
    );
    let span = (max - min).max(Vec2::splat(1e-3));
    pos.iter()
        .map(|p| {
            let q = (*p - min) / span;
            [0.05 + 0.9 * q.x, 0.05 + 0.9 * q.y]
        })
        .collect()
}

/// Draws the graph; a click on a node selects its actor.
pub fn network_ui(
    ui: &mut egui::Ui,
    data: &NetworkData,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    ui.weak(format!(
        "The {} most mentioned actors; a line joins two actors named in the same sentence.",
        data.nodes.len()
    ));
    if data.nodes.is_empty() {
        ui.weak("Run the analysis to see who appears with whom.");
        return;
    }
    let size = ui.available_size().max(Vec2::splat(200.0));
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let to_screen = |p: [f32; 2]| {
        Pos2::new(
            rect.left() + p[0] * rect.width(),
            rect.top() + p[1] * rect.height(),
        )
    };
    let selected = selection
        .actor()
        .and_then(|name| data.nodes.iter().position(|n| n.name == name));
    let max_weight = data.edges.iter().map(|e| e.2).max().unwrap_or(1) as f32;
    let text_color = ui.visuals().text_color();
    for &(a, b, w) in &data.edges {
        let touches = selected.is_some_and(|s| s == a || s == b);
        let alpha = if selected.is_none() || touches {
            140
        } else {
            30
        };
        let color = if touches {
            theme::SELECTED_ACTOR_BG.gamma_multiply_u8(alpha)
        } else {
            text_color.gamma_multiply_u8(alpha)
        };
        let width = 0.5 + 3.5 * (w as f32 / max_weight).sqrt();
        painter.line_segment(
            [to_screen(data.nodes[a].pos), to_screen(data.nodes[b].pos)],
            Stroke::new(width, color),
        );
    }
    for (i, node) in data.nodes.iter().enumerate() {
        let center = to_screen(node.pos);
        let radius = 4.0 + (node.mentions as f32).sqrt() * 1.2;
        let response = ui
            .interact(
                egui::Rect::from_center_size(center, Vec2::splat(2.0 * radius + 6.0)),
                ui.scope_id().with(("network-node", i)),
                egui::Sense::click(),
            )
            .on_hover_text(format!(
                "{} · {} · {} mentions",
                node.name,
                node.kind.as_str(),
                node.mentions
            ));
        let name = node.name.clone();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
        if response.clicked() {
            commands.push(Command::Select(Some(Item::Actor(node.name.clone()))));
        }
        let is_selected = selected == Some(i);
        painter.circle(
            center,
            radius,
            theme::kind_color(node.kind),
            Stroke::new(
                if is_selected || response.hovered() {
                    3.0
                } else {
                    1.0
                },
                if is_selected {
                    theme::SELECTED_ACTOR_BG
                } else {
                    text_color
                },
            ),
        );
        painter.text(
            center + Vec2::new(radius + 3.0, 0.0),
            egui::Align2::LEFT_CENTER,
            &node.name,
            egui::FontId::proportional(12.0),
            text_color,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{ActorRow, MentionRow};
    use crate::model::ArticleId;

    #[test]
    fn edges_count_shared_sentences() {
        let actor = |id, name: &str| ActorRow {
            id,
            name: name.into(),
            kind: EntityKind::Person,
            roles: vec![],
            country: None,
        };
        let mention = |article, sentence, actor| MentionRow {
            article: ArticleId(article),
            range: (sentence as usize * 10)..(sentence as usize * 10 + 3),
            text: "x".into(),
            kind: EntityKind::Person,
            actor: Some(actor),
            local_name: None,
            sentence,
        };
        let actors = Actors::build(
            &[actor(1, "A"), actor(2, "B"), actor(3, "C")],
            &[
                mention(1, 0, 1),
                mention(1, 0, 2),
                mention(1, 1, 1),
                mention(1, 1, 2),
                mention(1, 2, 3),
                mention(2, 0, 1),
                mention(2, 0, 3),
            ],
            &[],
        );
        let data = NetworkData::new(&actors, 10);
        assert_eq!(data.nodes.len(), 3);
        let name = |i: usize| data.nodes[i].name.as_str();
        let mut edges: Vec<(&str, &str, u32)> = data
            .edges
            .iter()
            .map(|&(a, b, w)| {
                let (x, y) = (name(a).min(name(b)), name(a).max(name(b)));
                (x, y, w)
            })
            .collect();
        edges.sort();
        assert_eq!(edges, [("A", "B", 2), ("A", "C", 1)]);
        for node in &data.nodes {
            assert!(node.pos.iter().all(|c| (0.0..=1.0).contains(c)), "{node:?}");
        }
    }

    /// Issue 15: however many actors the project has, the view draws the [`MAX_NODES`] most
    /// mentioned (the weight), heaviest first.
    #[test]
    fn the_network_keeps_only_the_most_mentioned_actors() {
        let rows: Vec<ActorRow> = (0..100)
            .map(|id| ActorRow {
                id,
                name: format!("Actor {id:03}"),
                kind: EntityKind::Person,
                roles: vec![],
                country: None,
            })
            .collect();
        // Actor n is mentioned n + 1 times, each time in its own sentence.
        let mentions: Vec<MentionRow> = (0..100u32)
            .flat_map(|id| {
                (0..=id).map(move |k| MentionRow {
                    article: ArticleId(i64::from(id)),
                    range: (k as usize * 10)..(k as usize * 10 + 3),
                    text: "x".into(),
                    kind: EntityKind::Person,
                    actor: Some(i64::from(id)),
                    local_name: None,
                    sentence: k,
                })
            })
            .collect();
        let actors = Actors::build(&rows, &mentions, &[]);
        let data = NetworkData::new(&actors, MAX_NODES);
        assert_eq!(data.nodes.len(), MAX_NODES);
        assert_eq!(data.nodes[0].name, "Actor 099");
        assert!(data.nodes.iter().all(|n| n.mentions > 100 - MAX_NODES));
    }
}
