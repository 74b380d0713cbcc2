// uapi/uapi.h — everything in servers/uapi in one include.
#pragma once

#include "uapi/kernel_abi.h"
#include "uapi/linux_numbers.h"
#include "uapi/mmsrv.h"
#include "uapi/namesrv.h"
#include "uapi/posix.h"
#include "uapi/procmgr.h"
#include "uapi/rsrcsrv.h"
#include "uapi/server.h"
#include "uapi/status.h"
#include "uapi/vfs.h"
#include "uapi/win32.h"
#include "uapi/wire.h"
