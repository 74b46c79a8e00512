#pragma once

#include <QWidget>

#include "ui/client/types.h"

class QFormLayout;
class QLabel;

namespace loom::ui {

class DesignDocument;

// The selected object's properties. Networks, endpoints and services of the draft are edited here
// (each change one undoable edit of the document), with what the cluster says about them beside;
// hosts are shown, and a placeholder host can be renamed. The item's problems are listed on top.
class PropertiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit PropertiesPanel(DesignDocument& document, QWidget* parent = nullptr);

    // Shows the item with this design key, live id or host key (empty: nothing selected).
    void showObject(const QString& key);
    QString shownId() const { return m_key; }
    // The value shown for a field's label text (a label's, editor's or choice's text), for tests.
    QString value(const QString& label) const;
    // Sets an editor's text and commits it as a person would, for tests.
    bool edit(const QString& label, const QString& text);
    QString problemText() const;

private:
    void render();
    QString signature() const;
    void clearRows();
    void addRow(const QString& label, const QString& value);
    void addEditor(const QString& label, QWidget* editor);
    void renderNetwork(const DesignNetwork& n);
    void renderEndpoint(const DesignEndpoint& e);
    void renderHost(const QString& name);
    void renderService(const DesignService& s);
    void commitService();
    void commitNetwork();
    void commitEndpoint();
    QWidget* field(const QString& label) const;

    DesignDocument& m_doc;
    QString m_key;
    QString m_shown;  // signature() of what the panel shows
    QLabel* m_title;
    QLabel* m_problems;
    QFormLayout* m_form;
};

}  // namespace loom::ui
