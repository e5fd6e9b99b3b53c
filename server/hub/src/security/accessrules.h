#pragma once

#include "channelpattern.h"

#include <herald/channelrule.h>
#include <herald/hubhooks.h>
#include <herald/result.h>
#include <herald/securityconfig.h>

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace Herald {

/// The channel permission table (docs/security.md, "Channel rules"): the
/// configured rules in order, then the token's `channels` claim, then the
/// fallback. Immutable once made, so one instance may serve every thread.
class AccessRules
{
public:
    struct Decision
    {
        bool allowed = false;
        /// Which rule decided and why, for logs.
        QString reason;
    };

    static Result<AccessRules> create(const QList<ChannelRule> &rules, bool fallbackAllows);
    static Result<AccessRules> create(const SecurityConfig &config);

    Decision decide(const Identity &identity, Action action, const QString &channel) const;

    /// For Hub::setAuthorizer(); holds its own copy of the rules.
    Authorizer authorizer() const;

    static QString actionName(Action action);
    static std::optional<Action> actionFromName(QStringView name);

private:
    struct Rule
    {
        ChannelPattern pattern;
        QList<Action> actions;
        QStringList roles;
    };

    std::vector<Rule> m_rules;
    bool m_fallbackAllows = false;
};

} // namespace Herald
