#include <herald/member.h>

namespace Herald {

class MemberData : public QSharedData
{
public:
    QString userId;
    QString userName;
    QString connectionId;
    int connectionCount = 0;
};

Member::Member()
    : d(new MemberData)
{}

Member::Member(const QString &userId, const QString &userName, const QString &connectionId)
    : d(new MemberData)
{
    d->userId = userId;
    d->userName = userName;
    d->connectionId = connectionId;
}

Member::Member(const Member &other) = default;
Member::Member(Member &&other) noexcept = default;
Member &Member::operator=(const Member &other) = default;
Member &Member::operator=(Member &&other) noexcept = default;
Member::~Member() = default;

QString Member::userId() const
{
    return d->userId;
}

void Member::setUserId(const QString &userId)
{
    d->userId = userId;
}

QString Member::userName() const
{
    return d->userName;
}

void Member::setUserName(const QString &userName)
{
    d->userName = userName;
}

QString Member::connectionId() const
{
    return d->connectionId;
}

void Member::setConnectionId(const QString &connectionId)
{
    d->connectionId = connectionId;
}

int Member::connectionCount() const
{
    return d->connectionCount;
}

void Member::setConnectionCount(int count)
{
    d->connectionCount = count;
}

bool Member::isEmpty() const
{
    return d->userId.isEmpty() && d->userName.isEmpty() && d->connectionId.isEmpty();
}

bool operator==(const Member &a, const Member &b)
{
    return a.d == b.d ||
           (a.d->userId == b.d->userId && a.d->userName == b.d->userName &&
            a.d->connectionId == b.d->connectionId && a.d->connectionCount == b.d->connectionCount);
}

} // namespace Herald
