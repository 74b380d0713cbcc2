// Plugging a NIC into a switch port (both directions of the cable).
#pragma once

#include "hw_model/net/ethernet_switch.h"
#include "hw_model/net/virtio_net.h"

namespace hw {

inline EthernetSwitch::PortId plug(EthernetSwitch& sw, VirtioNet& nic) {
  const auto port = sw.connect(nic);
  nic.attach(&sw.link(port));
  return port;
}

inline void unplug(EthernetSwitch& sw, EthernetSwitch::PortId port, VirtioNet& nic) {
  nic.attach(nullptr);
  sw.disconnect(port);
}

}  // namespace hw
