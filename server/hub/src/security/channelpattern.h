#pragma once

#include <herald/identity.h>
#include <herald/result.h>

#include <QList>
#include <QString>

namespace Herald {

/// A channel glob of the permission rules and of a token's `channels`
/// claim: `*` matches any run of characters inside one dot-separated
/// segment, `**` any run across segments (both may match nothing), every
/// other character itself. `{user_id}` and `{tenant}` are replaced by the
/// identity's values, matched literally.
class ChannelPattern
{
public:
    static Result<ChannelPattern> parse(const QString &pattern);

    /// A placeholder only ever stands for a verified identity's value, and
    /// only for one that cannot reach into another segment or act as a
    /// wildcard; otherwise the pattern matches nothing. So `?user_id=bob`
    /// on an anonymous connection never owns `user.bob.*`, and user `bob.x`
    /// never reaches into `user.bob.**`.
    bool matches(const QString &channel, const Identity &identity) const;

    const QString &text() const { return m_text; }
    bool hasPlaceholders() const { return m_hasPlaceholders; }

    static bool isSafePlaceholderValue(const QString &value);

private:
    enum class Kind { Literal, Star, AnyDepth, UserId, Tenant };
    struct Piece
    {
        Kind kind;
        QString literal;
    };

    QString m_text;
    QList<Piece> m_pieces;
    bool m_hasPlaceholders = false;
};

} // namespace Herald
