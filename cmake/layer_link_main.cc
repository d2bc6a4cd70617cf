// layer_link_main.cc - the empty program of the layer link checks (cmake/layer_link_checks.cmake).
int main() { return 0; }
