// AccessRules: the default rules of seed 002 (`user.{user_id}.*` only its
// owner, `public.*` everyone, `admin.*` role admin), the token's `channels`
// claim, the fallback, and configured rules (first match wins).

#include "accessrules.h"
#include "testidentities.h"

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestIdentities::anonymous;
using TestIdentities::verified;

Q_DECLARE_METATYPE(Herald::Action)

namespace {

AccessRules defaults(bool requireAuth)
{
    SecurityConfig config;
    config.requireAuth = requireAuth;
    const auto rules = AccessRules::create(config);
    if (!rules)
        qFatal("default rules: %s", qPrintable(rules.reason()));
    return *rules;
}

} // namespace

class TestAccessRules : public QObject
{
    Q_OBJECT

private slots:
    void defaultRules_data();
    void defaultRules();
    void everyActionOnOwnAndPublicChannels();
    void firstMatchWins();
    void rulesForOtherRolesAreSkipped();
    void actionsNarrowARule();
    void fallbackIsConfigurable();
    void createRefusesBadRules();
    void authorizerAgreesWithDecide();
    void actionNamesRoundTrip();
};

void TestAccessRules::defaultRules_data()
{
    QTest::addColumn<Identity>("identity");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("requireAuth");
    QTest::addColumn<bool>("allowed");

    const Identity alice = verified(u"alice"_s);
    const Identity admin = verified(u"root"_s, {}, {u"admin"_s});
    const Identity claimed =
        verified(u"carol"_s, u"acme"_s, {}, {u"memories"_s, u"project.*"_s, u"team.{tenant}.*"_s});
    const Identity anon = anonymous(u"alice"_s);
    const auto S = Action::Subscribe;
    const auto P = Action::Publish;

    for (const bool strict : {false, true}) {
        const char *mode = strict ? "require-auth" : "anonymous mode";
        const auto row = [mode, strict](const char *name, const Identity &identity, Action action,
                                        const QString &channel, bool allowed) {
            QTest::addRow("%s: %s", mode, name)
                << identity << action << channel << strict << allowed;
        };
        // user.{user_id}.* only its owner
        row("owner subscribes to own channel", alice, S, u"user.alice.inbox"_s, true);
        row("owner publishes deep in own channel", alice, P, u"user.alice.a.b"_s, true);
        row("another user's channel refused", alice, S, u"user.bob.inbox"_s, false);
        row("another user's channel, publish refused", alice, P, u"user.bob.inbox"_s, false);
        row("anonymous claiming the id refused", anon, S, u"user.alice.inbox"_s, false);
        row("admin is not every user", admin, S, u"user.alice.inbox"_s, false);
        row("a channels claim cannot open another user's channel",
            verified(u"eve"_s, u"acme"_s, {}, {u"user.**"_s}), S, u"user.alice.inbox"_s, false);
        // public.* everyone
        row("public, verified", alice, S, u"public.news"_s, true);
        row("public, anonymous", anon, S, u"public.news"_s, true);
        row("public, anonymous publishes", anon, P, u"public.chat.lobby"_s, true);
        row("public with a channels claim", claimed, S, u"public.news"_s, true);
        // admin.* role admin
        row("admin channel, admin", admin, S, u"admin.audit"_s, true);
        row("admin channel, admin publishes", admin, P, u"admin.audit.x"_s, true);
        row("admin channel, user refused", alice, S, u"admin.audit"_s, false);
        row("admin channel, anonymous refused", anon, S, u"admin.audit"_s, false);
        row("admin channel, claim without the role refused",
            verified(u"eve"_s, u"acme"_s, {}, {u"admin.**"_s}), S, u"admin.audit"_s, false);
        // anything else: the channels claim, else the fallback
        row("claim names it", claimed, S, u"memories"_s, true);
        row("claim pattern one segment", claimed, P, u"project.42"_s, true);
        row("claim pattern not two segments", claimed, S, u"project.42.x"_s, false);
        row("claim placeholder", claimed, S, u"team.acme.chat"_s, true);
        row("claim placeholder, other tenant", claimed, S, u"team.globex.chat"_s, false);
        row("claim does not name it, whatever the fallback", claimed, S, u"other"_s, false);
        row("no claim: fallback, verified", alice, S, u"memories"_s, !strict);
        row("no claim: fallback, anonymous", anon, P, u"memories"_s, !strict);
        row("bare 'public' is not public.*", anon, S, u"public"_s, !strict);
        row("bare 'user' is not user.*", anon, S, u"user"_s, !strict);
    }
}

void TestAccessRules::defaultRules()
{
    QFETCH(Identity, identity);
    QFETCH(Action, action);
    QFETCH(QString, channel);
    QFETCH(bool, requireAuth);
    QFETCH(bool, allowed);
    const AccessRules::Decision decision = defaults(requireAuth).decide(identity, action, channel);
    QVERIFY2(decision.allowed == allowed, qPrintable(decision.reason));
    QVERIFY(!decision.reason.isEmpty());
}

void TestAccessRules::everyActionOnOwnAndPublicChannels()
{
    const AccessRules rules = defaults(true);
    const Identity alice = verified(u"alice"_s);
    for (const Action action : ChannelRule::allActions()) {
        QVERIFY(rules.decide(alice, action, u"user.alice.x"_s).allowed);
        QVERIFY(rules.decide(alice, action, u"public.x"_s).allowed);
        QVERIFY(!rules.decide(alice, action, u"user.bob.x"_s).allowed);
        QVERIFY(!rules.decide(alice, action, u"admin.x"_s).allowed);
    }
}

void TestAccessRules::firstMatchWins()
{
    const QList<Action> all = ChannelRule::allActions();
    const auto rules =
        AccessRules::create({{u"news.secret"_s, {}, {}}, {u"news.*"_s, all, {}}}, false);
    QVERIFY(rules.ok());
    const Identity alice = verified(u"alice"_s);
    const auto refused = rules->decide(alice, Action::Subscribe, u"news.secret"_s);
    QVERIFY(!refused.allowed);
    QVERIFY2(refused.reason.contains(u"rule 1"_s), qPrintable(refused.reason));
    const auto allowed = rules->decide(alice, Action::Subscribe, u"news.sport"_s);
    QVERIFY(allowed.allowed);
    QVERIFY2(allowed.reason.contains(u"rule 2"_s), qPrintable(allowed.reason));

    // The same two rules the other way round: the broad one decides first.
    const auto swapped =
        AccessRules::create({{u"news.*"_s, all, {}}, {u"news.secret"_s, {}, {}}}, false);
    QVERIFY(swapped->decide(alice, Action::Subscribe, u"news.secret"_s).allowed);
}

void TestAccessRules::rulesForOtherRolesAreSkipped()
{
    // Editors may publish, everyone else may only read: two rules on one
    // pattern, told apart by role.
    const auto rules =
        AccessRules::create({{u"docs.**"_s, ChannelRule::allActions(), {u"editor"_s, u"owner"_s}},
                             {u"docs.**"_s, {Action::Subscribe, Action::History}, {}}},
                            false);
    QVERIFY(rules.ok());
    const Identity editor = verified(u"ed"_s, {}, {u"editor"_s});
    const Identity owner = verified(u"ow"_s, {}, {u"owner"_s});
    const Identity reader = verified(u"re"_s, {}, {u"viewer"_s});
    QVERIFY(rules->decide(editor, Action::Publish, u"docs.a"_s).allowed);
    QVERIFY(rules->decide(owner, Action::Publish, u"docs.a"_s).allowed);
    QVERIFY(!rules->decide(reader, Action::Publish, u"docs.a"_s).allowed);
    QVERIFY(rules->decide(reader, Action::Subscribe, u"docs.a"_s).allowed);
    QVERIFY(rules->decide(reader, Action::History, u"docs.a"_s).allowed);
    QVERIFY(!rules->decide(reader, Action::Presence, u"docs.a"_s).allowed);
}

void TestAccessRules::actionsNarrowARule()
{
    const auto rules =
        AccessRules::create({{u"feed.*"_s, {Action::Subscribe}, {}}}, /*fallbackAllows=*/true);
    QVERIFY(rules.ok());
    const Identity alice = verified(u"alice"_s);
    QVERIFY(rules->decide(alice, Action::Subscribe, u"feed.prices"_s).allowed);
    // Matched, so the rule decides: the allowing fallback is not reached.
    QVERIFY(!rules->decide(alice, Action::Publish, u"feed.prices"_s).allowed);
    QVERIFY(!rules->decide(alice, Action::History, u"feed.prices"_s).allowed);
    QVERIFY(rules->decide(alice, Action::Publish, u"other"_s).allowed);
}

void TestAccessRules::fallbackIsConfigurable()
{
    const Identity alice = verified(u"alice"_s);
    for (const auto &[fallback, requireAuth, allowed] :
         {std::tuple{SecurityConfig::Fallback::Auto, false, true},
          std::tuple{SecurityConfig::Fallback::Auto, true, false},
          std::tuple{SecurityConfig::Fallback::Allow, true, true},
          std::tuple{SecurityConfig::Fallback::Deny, false, false}}) {
        SecurityConfig config;
        config.fallback = fallback;
        config.requireAuth = requireAuth;
        QCOMPARE(config.fallbackAllows(), allowed);
        const auto rules = AccessRules::create(config);
        QVERIFY(rules.ok());
        QCOMPARE(rules->decide(alice, Action::Subscribe, u"memories"_s).allowed, allowed);
    }
}

void TestAccessRules::createRefusesBadRules()
{
    const QList<Action> all = ChannelRule::allActions();
    const auto badPattern =
        AccessRules::create({{u"ok.*"_s, all, {}}, {u"a.{nope}"_s, all, {}}}, false);
    QVERIFY(!badPattern.ok());
    QVERIFY2(badPattern.reason().startsWith(u"rule 2"_s), qPrintable(badPattern.reason()));
    QVERIFY(!AccessRules::create({{QString(), all, {}}}, false).ok());
    QVERIFY(!AccessRules::create({{u"a.*"_s, all, {u" "_s}}}, false).ok());
}

void TestAccessRules::authorizerAgreesWithDecide()
{
    const AccessRules rules = defaults(true);
    const Authorizer authorize = rules.authorizer();
    const Identity alice = verified(u"alice"_s);
    for (const QString channel :
         {u"user.alice.x"_s, u"user.bob.x"_s, u"public.x"_s, u"admin.x"_s, u"memories"_s}) {
        QCOMPARE(authorize(alice, Action::Publish, channel),
                 rules.decide(alice, Action::Publish, channel).allowed);
    }
}

void TestAccessRules::actionNamesRoundTrip()
{
    for (const Action action : ChannelRule::allActions())
        QCOMPARE(AccessRules::actionFromName(AccessRules::actionName(action)), action);
    QCOMPARE(AccessRules::actionFromName(u"PUBLISH"), Action::Publish);
    QVERIFY(!AccessRules::actionFromName(u"delete"));
}

QTEST_APPLESS_MAIN(TestAccessRules)
#include "tst_accessrules.moc"
