#include "pgposition.h"

namespace Herald {

using namespace Qt::StringLiterals;

Result<PgPosition> PgPosition::fromSnapshot(const QString &snapshot)
{
    const QStringList parts = snapshot.trimmed().split(u':');
    if (parts.size() != 3)
        return Result<PgPosition>::failure(u"unexpected snapshot '%1'"_s.arg(snapshot));
    bool ok = false;
    PgPosition position;
    const quint64 xmin = parts.at(0).toULongLong(&ok);
    if (!ok)
        return Result<PgPosition>::failure(u"unexpected snapshot xmin in '%1'"_s.arg(snapshot));
    position.xmax = parts.at(1).toULongLong(&ok);
    if (!ok || position.xmax == 0 || position.xmax < xmin)
        return Result<PgPosition>::failure(u"unexpected snapshot xmax in '%1'"_s.arg(snapshot));
    if (!parts.at(2).isEmpty()) {
        for (const QString &id : parts.at(2).split(u',')) {
            const quint64 xid = id.toULongLong(&ok);
            if (!ok)
                return Result<PgPosition>::failure(
                    u"unexpected running transaction id in '%1'"_s.arg(snapshot));
            position.inProgress.append(xid);
        }
    }
    return position;
}

} // namespace Herald
