#pragma once

#include <herald/hubhooks.h>

#include <QList>
#include <QString>
#include <QStringList>

namespace Herald {

/// One line of the channel permission table (docs/security.md, "Channel
/// rules"). Rules are tried in order; the first whose pattern matches the
/// channel and whose roles the identity holds decides, by its actions.
struct ChannelRule
{
    /// A glob: `*` is any run of characters inside one dot-separated segment,
    /// `**` any run across segments; `{user_id}` and `{tenant}` stand for the
    /// verified identity's values.
    QString pattern;
    /// What the rule allows. Empty: the rule refuses everything it matches,
    /// so a later, broader rule cannot allow it.
    QList<Action> actions;
    /// Empty: the rule applies to every identity. Otherwise the identity must
    /// hold one of these roles, or the rule is skipped.
    QStringList roles;

    static QList<Action> allActions()
    {
        return {Action::Subscribe, Action::Publish, Action::History, Action::Presence};
    }
};

} // namespace Herald
