package org.nsexplorer.app;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The classroom window. For now a plain window; the views arrive with the app issue. */
public final class NamespaceExplorerApp extends Application {

    public static void main(String[] args) {
        launch(args);
    }

    @Override
    public void start(Stage stage) {
        Label title = new Label("Namespace Explorer");
        title.setStyle("-fx-font-size: 36px; -fx-font-weight: bold;");
        Label hint = new Label("Containers are launched with ./nsx-helper run (see README.md).");
        hint.setStyle("-fx-font-size: 20px;");
        VBox root = new VBox(16, title, hint);
        root.setPadding(new Insets(32));
        stage.setTitle("Namespace Explorer");
        stage.setScene(new Scene(root, 1024, 640));
        stage.show();
    }
}
