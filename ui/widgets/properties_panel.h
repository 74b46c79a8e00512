#pragma once

#include <QWidget>

#include "ui/client/types.h"

class QFormLayout;
class QLabel;

namespace loom::ui {

// The selected object's properties (a host, a network or an endpoint), read from the latest
// inventory. Read-only for now; the designer edits drafts through it later.
class PropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit PropertiesPanel(QWidget* parent = nullptr);

    void setInventory(const Inventory& inventory);
    // Shows the object with this id (empty: nothing selected).
    void showObject(const QString& id);
    QString shownId() const { return m_id; }
    // The value shown for a field's label text, for tests.
    QString value(const QString& label) const;

private:
    void render();
    void addRow(const QString& label, const QString& value);

    Inventory m_inventory;
    QString m_id;
    QLabel* m_title;
    QFormLayout* m_form;
};

}  // namespace loom::ui
