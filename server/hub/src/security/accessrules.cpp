#include "accessrules.h"

namespace Herald {

using namespace Qt::StringLiterals;

Result<AccessRules> AccessRules::create(const QList<ChannelRule> &rules, bool fallbackAllows)
{
    AccessRules result;
    result.m_fallbackAllows = fallbackAllows;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const ChannelRule &rule = rules.at(i);
        auto pattern = ChannelPattern::parse(rule.pattern);
        if (!pattern)
            return Result<AccessRules>::failure(u"rule %1: %2"_s.arg(i + 1).arg(pattern.reason()));
        for (const QString &role : rule.roles) {
            if (role.trimmed().isEmpty())
                return Result<AccessRules>::failure(u"rule %1: empty role name"_s.arg(i + 1));
        }
        result.m_rules.push_back(Rule{*pattern, rule.actions, rule.roles});
    }
    return result;
}

Result<AccessRules> AccessRules::create(const SecurityConfig &config)
{
    return create(config.rules, config.fallbackAllows());
}

AccessRules::Decision AccessRules::decide(const Identity &identity, Action action,
                                          const QString &channel) const
{
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const Rule &rule = m_rules[i];
        if (!rule.roles.isEmpty() &&
            std::none_of(rule.roles.cbegin(), rule.roles.cend(),
                         [&identity](const QString &role) { return identity.hasRole(role); })) {
            continue;
        }
        if (!rule.pattern.matches(channel, identity))
            continue;
        const bool allowed = rule.actions.contains(action);
        return {allowed,
                u"rule %1 (%2) %3 %4"_s.arg(i + 1).arg(
                    rule.pattern.text(), allowed ? u"allows"_s : u"refuses"_s, actionName(action))};
    }
    // A token that names its channels is a whitelist: what it does not name
    // is refused, whatever the fallback.
    if (!identity.channels.isEmpty()) {
        for (const QString &text : identity.channels) {
            const auto pattern = ChannelPattern::parse(text);
            if (pattern && pattern->matches(channel, identity))
                return {true, u"the token's channels claim allows it"_s};
        }
        return {false, u"the token's channels claim does not name it"_s};
    }
    return {m_fallbackAllows, m_fallbackAllows ? u"no rule matched; fallback allows"_s
                                               : u"no rule matched; fallback refuses"_s};
}

Authorizer AccessRules::authorizer() const
{
    return [rules = *this](const Identity &identity, Action action, const QString &channel) {
        return rules.decide(identity, action, channel).allowed;
    };
}

QString AccessRules::actionName(Action action)
{
    switch (action) {
    case Action::Subscribe:
        return u"subscribe"_s;
    case Action::Publish:
        return u"publish"_s;
    case Action::History:
        return u"history"_s;
    case Action::Presence:
        return u"presence"_s;
    }
    return {};
}

std::optional<Action> AccessRules::actionFromName(QStringView name)
{
    for (const Action action : ChannelRule::allActions()) {
        if (name.compare(actionName(action), Qt::CaseInsensitive) == 0)
            return action;
    }
    return std::nullopt;
}

} // namespace Herald
