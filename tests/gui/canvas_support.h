#pragma once

// A draft on a real scene in a shown view, for the canvas's tests (designer_test.cpp,
// designer_services_test.cpp), and the gestures they make on it.
#include <QCoreApplication>
#include <QDragEnterEvent>
#include <QGraphicsItem>
#include <QMimeData>
#include <QTest>

#include <gtest/gtest.h>

#include "tests/gui/designer_support.h"
#include "ui/designer/design_document.h"
#include "ui/designer/design_view.h"
#include "ui/designer/topology_scene.h"

namespace loom::test {

inline QPoint viewPointOf(const ui::DesignView& view, const QGraphicsItem* item) {
    return view.mapFromScene(item->sceneBoundingRect().center());
}

// A draft over two live hosts on a real scene in a shown view.
class Canvas : public ::testing::Test {
protected:
    void SetUp() override {
        doc.setLive(live);
        view.resize(900, 600);
        view.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    }
    ui::Inventory live = twoHosts();
    ui::DesignDocument doc;
    ui::TopologyScene scene{doc};
    ui::DesignView view{&scene};
};

inline void dropFromPalette(ui::DesignView& view, const QByteArray& what, QPoint at) {
    QMimeData mime;
    mime.setData(QString::fromLatin1(ui::TopologyScene::kPaletteMime), what);
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &enter);
    QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &move);
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &drop);
}

}  // namespace loom::test
